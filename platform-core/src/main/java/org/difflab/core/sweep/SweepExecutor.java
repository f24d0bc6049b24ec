package org.difflab.core.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.difflab.core.run.RunDirectory;

/**
 * Runs a selection of a sweep's trials on a backend and prints one progress line per trial:
 *
 * <pre>
 * [ 3/12] #7  solver=heun steps=10  done  energy_distance=0.001234  (0.84 s)
 * [ 4/12] #8  solver=heun steps=20  skipped (finished before)
 * [ 5/12] #9  solver=euler steps=5  FAILED: ...
 * </pre>
 *
 * ({@code [k/n]}: k-th of the n trials this invocation handles; {@code #i}: the trial's index in the manifest.)
 * A failing trial is recorded and the sweep goes on.
 */
public final class SweepExecutor {

    private final SweepPlan plan;
    private final Path out;
    private final PrintStream progress;
    private final Map<String, String> names;
    private int reported;
    private int total;

    /**
     * Counts of one invocation.
     *
     * @param done trials run now
     * @param skipped trials whose run had finished before
     * @param failed trials that failed
     * @param sameRun trials that are the same run as another trial
     * @param seconds wall time
     */
    public record Totals(int done, int skipped, int failed, int sameRun, double seconds) {
        /** "12 trials: 9 done, 2 skipped (finished before), 1 failed". */
        public String describe() {
            int all = done + skipped + failed + sameRun;
            return all + " trial" + (all == 1 ? "" : "s") + ": " + done + " done, " + skipped
                    + " skipped (finished before), " + failed + " failed"
                    + (sameRun > 0 ? ", " + sameRun + " the same run as another trial" : "")
                    + String.format(" in %.1f s", seconds);
        }
    }

    /** An executor printing progress lines to {@code progress}. */
    public SweepExecutor(SweepPlan plan, Path out, PrintStream progress) {
        this.plan = plan;
        this.out = out;
        this.progress = progress;
        this.names = Labels.shortNames(plan.manifest().keys());
    }

    /** Runs the trials with these indices (finished ones and same-run duplicates are reported, not run). */
    public Totals execute(List<Integer> selection, TrialBackend backend) {
        long start = System.nanoTime();
        SweepManifest manifest = plan.manifest();
        total = selection.size();
        reported = 0;
        int[] counts = new int[4];
        List<Integer> toRun = new ArrayList<>();
        for (int index : selection.stream().sorted(Comparator.naturalOrder()).toList()) {
            SweepManifest.Trial trial = manifest.trials().get(index);
            if (trial.sameRunAs() != null) {
                line(trial, "same run as #" + trial.sameRunAs());
                counts[3]++;
            } else if (RunDirectory.isComplete(out, manifest.experiment(), trial.runId())) {
                line(trial, "skipped (finished before)");
                counts[1]++;
            } else {
                toRun.add(index);
            }
        }
        if (!toRun.isEmpty()) {
            runStart = System.nanoTime();
            toRunCount = toRun.size();
            ran = 0;
            backend.run(toRun, outcome -> record(outcome, counts));
        }
        return new Totals(counts[0], counts[1], counts[2], counts[3], (System.nanoTime() - start) / 1e9);
    }

    private long runStart;
    private int toRunCount;
    private int ran;

    /**
     * The sweep's pace so far: trials per minute over the trials run in this invocation, and the time the rest would
     * take at that pace (with parallel workers, the pace already counts them).
     */
    private String pace() {
        ran++;
        double elapsed = (System.nanoTime() - runStart) / 1e9;
        if (ran < 1 || elapsed <= 0) {
            return "";
        }
        long left = Math.round(elapsed / ran * (toRunCount - ran));
        return String.format("  [%.1f trials/min, %s left]", 60 * ran / elapsed,
                left >= 3600 ? String.format("%d:%02d:%02d", left / 3600, left / 60 % 60, left % 60)
                        : String.format("%d:%02d", left / 60, left % 60));
    }

    /** Counts and reports one outcome (called from the workers' threads, so one at a time). */
    private synchronized void record(TrialOutcome outcome, int[] counts) {
        SweepManifest.Trial trial = plan.manifest().trials().get(outcome.index());
        switch (outcome.status()) {
            case DONE -> {
                counts[0]++;
                line(trial, "done  " + keyMetric(outcome) + String.format("(%.2f s)", outcome.seconds()) + pace());
            }
            case SKIPPED -> {
                counts[1]++;
                ran++;   // finished elsewhere meanwhile: no pace of its own
                line(trial, "skipped (finished before)");
            }
            case FAILED -> {
                counts[2]++;
                line(trial, "FAILED: " + outcome.error().lines().findFirst().orElse("") + pace());
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Records a trial whose worker JVM died under it (the worker could not record it itself). */
    public void recordWorkerDeath(TrialOutcome outcome) {
        SweepManifest.Trial trial = plan.manifest().trials().get(outcome.index());
        Failures.record(plan.manifest().directory(out), trial, outcome.error(), List.of());
    }

    private static String keyMetric(TrialOutcome outcome) {
        return outcome.metrics().entrySet().stream().findFirst()
                .map(e -> String.format("%s=%.6g  ", e.getKey(), e.getValue())).orElse("");
    }

    private synchronized void line(SweepManifest.Trial trial, String status) {
        reported++;
        int width = String.valueOf(total).length();
        int indexWidth = String.valueOf(plan.manifest().trials().size() - 1).length();
        progress.printf("[%" + width + "d/%d] #%-" + indexWidth + "d  %s  %s%n", reported, total, trial.index(),
                Labels.describe(trial.values(), names) + (plan.manifest().repeat() > 1 ? " seed=" + trial.seed() : ""),
                status);
        progress.flush();
    }
}
