package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.difflab.api.ForwardProcess;
import org.difflab.api.TimestepSchedule;

/**
 * The contract of a {@link TimestepSchedule}: on every process it accepts, the grid is strictly decreasing, has
 * the requested N + 1 entries, lies inside [tMin, tMax] with sigma &gt; 0 before its final time tMin, and is the
 * same for the same arguments. A schedule may reject a process it cannot serve (e.g. a schedule in noise levels
 * on a flow path whose noise level at samplingStart is infinite) by throwing IllegalArgumentException; such
 * processes are listed, and the checks are skipped only if every process is rejected.
 */
public final class TimestepScheduleChecks {

    /** Step counts the length and monotonicity checks request. */
    static final int[] STEP_COUNTS = {1, 3, 18, 50};

    private TimestepScheduleChecks() {}

    /**
     * Every check of a schedule.
     *
     * @param schedule an instance with default (or example) options
     * @param withSteps the same schedule with N steps, or null if the schedule has no step count option
     * @param processes the processes to run on
     */
    public static List<Check> of(TimestepSchedule schedule, IntFunction<TimestepSchedule> withSteps,
            List<NamedProcess> processes) {
        return List.of(
                new Check("schedule.length", "N + 1 times for N requested steps (N = 1, 3, 18, 50)",
                        () -> length(withSteps, processes)),
                new Check("schedule.decreasing", "strictly decreasing times", () -> decreasing(schedule, withSteps,
                        processes)),
                new Check("schedule.in-range", "finite times inside [tMin, tMax], the last one tMin, sigma > 0 at every"
                        + " other", () -> inRange(schedule, processes)),
                new Check("schedule.deterministic", "the same grid for the same arguments, from the same or a new"
                        + " instance", () -> deterministic(schedule, withSteps, processes)));
    }

    /** The grids of {@code schedule} on each process that accepts it, and the rejections. */
    private record Grids(List<NamedProcess> accepted, List<double[]> grids, List<String> rejected) {

        static Grids of(TimestepSchedule schedule, List<NamedProcess> processes) {
            List<NamedProcess> accepted = new ArrayList<>();
            List<double[]> grids = new ArrayList<>();
            List<String> rejected = new ArrayList<>();
            for (NamedProcess named : processes) {
                try {
                    grids.add(schedule.times(named.process()));
                    accepted.add(named);
                } catch (IllegalArgumentException e) {
                    rejected.add(named + " (" + e.getMessage() + ")");
                }
            }
            return new Grids(accepted, grids, rejected);
        }

        /** "; not applicable on a, b (first reason)" or "". */
        String rejectedNote() {
            if (rejected.isEmpty()) {
                return "";
            }
            List<String> names = rejected.stream().map(r -> r.substring(0, r.indexOf(" ("))).toList();
            String first = rejected.get(0);
            return "; not applicable on " + String.join(", ", names) + " " + first.substring(first.indexOf(" (") + 1);
        }

        Outcome noneAccepted() {
            return rejected.isEmpty() ? Outcome.skipped("no process to check on")
                    : Outcome.skipped("every process was rejected: " + String.join(", ", rejected));
        }
    }

    static Outcome length(IntFunction<TimestepSchedule> withSteps, List<NamedProcess> processes) {
        if (withSteps == null) {
            return Outcome.skipped("the schedule has no step count option (steps), so no length can be requested");
        }
        int checked = 0;
        Grids last = null;
        for (int n : STEP_COUNTS) {
            Grids grids = Grids.of(withSteps.apply(n), processes);
            for (int k = 0; k < grids.grids.size(); k++) {
                int length = grids.grids.get(k).length;
                if (length != n + 1) {
                    return Outcome.failed("with steps = " + n + " the grid on " + grids.accepted.get(k) + " has " + length
                            + " times; expected N + 1 = " + (n + 1));
                }
                checked++;
            }
            last = grids;
        }
        if (checked == 0) {
            return last.noneAccepted();
        }
        return Outcome.passed(checked + " grids of N + 1 times" + last.rejectedNote());
    }

    static Outcome decreasing(TimestepSchedule schedule, IntFunction<TimestepSchedule> withSteps,
            List<NamedProcess> processes) {
        List<TimestepSchedule> schedules = new ArrayList<>(List.of(schedule));
        if (withSteps != null) {
            for (int n : STEP_COUNTS) {
                schedules.add(withSteps.apply(n));
            }
        }
        int checked = 0;
        Grids first = null;
        for (TimestepSchedule s : schedules) {
            Grids grids = Grids.of(s, processes);
            first = first == null ? grids : first;
            for (int k = 0; k < grids.grids.size(); k++) {
                double[] times = grids.grids.get(k);
                for (int i = 1; i < times.length; i++) {
                    if (!(times[i] < times[i - 1])) {
                        return Outcome.failed("not strictly decreasing on " + grids.accepted.get(k) + ": t[" + (i - 1)
                                + "] = " + fmt(times[i - 1]) + ", t[" + i + "] = " + fmt(times[i]) + " (grid of "
                                + (times.length - 1) + " steps: " + preview(times) + ")");
                    }
                }
                checked++;
            }
        }
        if (checked == 0) {
            return first.noneAccepted();
        }
        return Outcome.passed(checked + " grids strictly decreasing" + first.rejectedNote());
    }

    static Outcome inRange(TimestepSchedule schedule, List<NamedProcess> processes) {
        Grids grids = Grids.of(schedule, processes);
        if (grids.grids.isEmpty()) {
            return grids.noneAccepted();
        }
        StringBuilder ranges = new StringBuilder();
        for (int k = 0; k < grids.grids.size(); k++) {
            double[] times = grids.grids.get(k);
            NamedProcess named = grids.accepted.get(k);
            ForwardProcess p = named.process();
            if (times.length < 2) {
                return Outcome.failed("grid on " + named + " has " + times.length + " times; at least 2 are needed");
            }
            for (int i = 0; i < times.length; i++) {
                double t = times[i];
                if (!Double.isFinite(t) || t < p.tMin() || t > p.tMax()) {
                    return Outcome.failed("t[" + i + "] = " + fmt(t) + " on " + named + " is outside [tMin, tMax] = ["
                            + fmt(p.tMin()) + ", " + fmt(p.tMax()) + "]");
                }
                if (i < times.length - 1 && !(p.sigma(t) > 0)) {
                    return Outcome.failed("t[" + i + "] = " + fmt(t) + " on " + named + " has sigma = " + fmt(p.sigma(t))
                            + "; the denoiser is evaluated at every time but the last, so sigma must be > 0 there");
                }
            }
            if (times[times.length - 1] != p.tMin()) {
                return Outcome.failed("the last time on " + named + " is " + fmt(times[times.length - 1])
                        + "; it must be the process's tMin = " + fmt(p.tMin()));
            }
            ranges.append(k == 0 ? "" : ", ").append(named).append(" [").append(fmt(times[0])).append(" .. ")
                    .append(fmt(times[times.length - 1])).append("]");
        }
        return Outcome.passed(ranges + grids.rejectedNote());
    }

    static Outcome deterministic(TimestepSchedule schedule, IntFunction<TimestepSchedule> withSteps,
            List<NamedProcess> processes) {
        Grids grids = Grids.of(schedule, processes);
        if (grids.grids.isEmpty()) {
            return grids.noneAccepted();
        }
        for (int k = 0; k < grids.grids.size(); k++) {
            NamedProcess named = grids.accepted.get(k);
            double[] again = schedule.times(named.process());
            if (!Arrays.equals(grids.grids.get(k), again)) {
                return Outcome.failed("two calls on " + named + " gave different grids: " + preview(grids.grids.get(k))
                        + " and " + preview(again));
            }
            if (withSteps != null) {
                double[] a = withSteps.apply(7).times(named.process());
                double[] b = withSteps.apply(7).times(named.process());
                if (!Arrays.equals(a, b)) {
                    return Outcome.failed("two instances with steps = 7 gave different grids on " + named + ": "
                            + preview(a) + " and " + preview(b));
                }
            }
        }
        return Outcome.passed("identical grids on " + grids.accepted.size() + " processes" + grids.rejectedNote());
    }

    private static String preview(double[] times) {
        if (times.length <= 8) {
            return "[" + Probes.fmt(times) + "]";
        }
        return "[" + Probes.fmt(Arrays.copyOf(times, 4)) + ", ..., "
                + Probes.fmt(Arrays.copyOfRange(times, times.length - 3, times.length)) + "]";
    }
}
