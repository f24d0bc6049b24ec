package org.difflab.tck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.PathPoint;

/** Where contracts probe a process, and how they format numbers in messages. */
public final class Probes {

    /** Largest EDM noise level sigma/alpha contracts probe: beyond it, flow-matching paths are numerically pure noise. */
    public static final double NOISE_LEVEL_CAP = 1e3;

    private Probes() {}

    /**
     * About {@code n} times from the process's {@link ForwardProcess#samplingEnd()} to its
     * {@link ForwardProcess#samplingStart()}, both included, ascending: geometric in t - tMin (so every decade of
     * a range such as EDM's [0.002, 80] is probed), plus three points approaching samplingStart from below
     * (where flow-matching paths reach alpha = 0).
     */
    public static double[] samplingTimes(ForwardProcess process, int n) {
        double tMin = process.tMin();
        double lo = process.samplingEnd();
        double hi = process.samplingStart();
        TreeSet<Double> times = new TreeSet<>();
        times.add(lo);
        times.add(hi);
        double a = lo - tMin;
        double b = hi - tMin;
        if (a > 0 && b > a && Double.isFinite(b)) {
            double ratio = Math.log(b / a);
            for (int i = 1; i < n - 1; i++) {
                times.add(tMin + a * Math.exp(ratio * i / (n - 1.0)));
            }
        } else if (b > a && Double.isFinite(b)) {
            for (int i = 1; i < n - 1; i++) {
                times.add(lo + (hi - lo) * i / (n - 1.0));
            }
        }
        if (Double.isFinite(hi) && hi > lo) {
            for (double gap : new double[] {1e-1, 1e-2, 1e-3}) {
                times.add(hi - (hi - lo) * gap);
            }
        }
        return times.stream().filter(t -> t >= lo && t <= hi).mapToDouble(Double::doubleValue).toArray();
    }

    /** The sampling times at which the noise level sigma/alpha is finite, positive and at most {@link #NOISE_LEVEL_CAP}. */
    public static double[] finiteNoiseTimes(ForwardProcess process, int n) {
        return Arrays.stream(samplingTimes(process, n)).filter(t -> {
            double level = process.noiseLevel(t);
            return process.alpha(t) > 0 && level > 0 && level <= NOISE_LEVEL_CAP;
        }).toArray();
    }

    /** A path point the checks probe: a process at one of its {@link #finiteNoiseTimes}. */
    public record PathProbe(NamedProcess process, PathPoint point) {}

    /** The path points of every process at about {@code n} of its {@link #finiteNoiseTimes}, process by process. */
    public static List<PathProbe> pathPoints(List<NamedProcess> processes, int n) {
        List<PathProbe> probes = new ArrayList<>();
        for (NamedProcess named : processes) {
            for (double t : finiteNoiseTimes(named.process(), n)) {
                probes.add(new PathProbe(named, PathPoint.of(named.process(), t)));
            }
        }
        return probes;
    }

    /** A number for messages: 4 significant digits. */
    public static String fmt(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return Double.toString(value);
        }
        double abs = Math.abs(value);
        if (abs >= 1e-3 && abs < 1e5) {
            return String.format(Locale.ROOT, "%.4g", value).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }

    /** Numbers for messages, comma separated. */
    public static String fmt(double[] values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append(fmt(values[i]));
        }
        return out.toString();
    }
}
