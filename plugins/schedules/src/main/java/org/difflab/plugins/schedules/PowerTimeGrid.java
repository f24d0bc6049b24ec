package org.difflab.plugins.schedules;

import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.TimestepSchedule;
import org.difflab.api.math.Ramp;

/**
 * Base of schedules spaced in the process's own time: uniform in (t - tMin)^(1/p), p = 1 (uniform) or 2
 * (quadratic), from t_start down to t_end, then the final time tMin.
 *
 * <p>Two shapes, chosen by t_end:
 * <ul>
 *   <li>t_end &gt; tMin (the default, t_end = the process's samplingEnd): N times from t_start to t_end, both
 *       included, then tMin. This is score SDE's and DPM-Solver's grid ending at epsilon, followed by a final step
 *       to data; for N + 1 steps its first N + 1 times are DPM-Solver's N-step grid.</li>
 *   <li>t_end = tMin: N + 1 points from t_start to tMin, the final one tMin itself: flow matching's grid (N
 *       equal steps over the whole interval, never evaluating at tMin).</li>
 * </ul>
 */
abstract class PowerTimeGrid implements TimestepSchedule {

    private final int steps;
    private final Double tStart;
    private final Double tEnd;
    private final double power;

    /**
     * @param steps N
     * @param tStart first time, or null for the process's samplingStart
     * @param tEnd last time before tMin (or tMin itself), or null for the process's samplingEnd
     * @param power p: the grid is uniform in (t - tMin)^(1/p)
     */
    PowerTimeGrid(int steps, Double tStart, Double tEnd, double power) {
        if (steps < 1) {
            throw new InvalidOptionException("steps", "steps must be at least 1, got " + steps);
        }
        if (tStart != null && tEnd != null && !(tEnd < tStart)) {
            throw new InvalidOptionException("t_end", "t_end (" + tEnd + ") must be below t_start (" + tStart + ")");
        }
        this.steps = steps;
        this.tStart = tStart;
        this.tEnd = tEnd;
        this.power = power;
    }

    /** Number of steps N. */
    public int steps() {
        return steps;
    }

    @Override
    public double[] times(ForwardProcess process) {
        double tMin = process.tMin();
        double start = tStart != null ? tStart : process.samplingStart();
        double end = tEnd != null ? tEnd : process.samplingEnd();
        if (!Double.isFinite(start) || start > process.tMax()) {
            throw new InvalidOptionException("t_start", "t_start (" + start + ") must be finite and at most the "
                    + "process's tMax (" + process.tMax() + ")");
        }
        if (!(end >= tMin) || !(end < start)) {
            throw new InvalidOptionException("t_end", "need tMin (" + tMin + ") <= t_end < t_start, got t_end=" + end
                    + ", t_start=" + start);
        }
        boolean toData = end == tMin;
        int intervals = toData ? steps : steps - 1;
        double top = Math.pow(start - tMin, 1.0 / power);
        double bottom = Math.pow(end - tMin, 1.0 / power);
        double[] roots = Ramp.linspace(top, bottom, intervals + 1);
        double[] times = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            times[i] = tMin + Math.pow(roots[i], power);
        }
        times[0] = start; // exact ends, free of the root/power round trip
        if (!toData && steps > 1) {
            times[steps - 1] = end;
        }
        times[steps] = tMin;
        return times;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[steps=" + steps + ", t_start=" + tStart + ", t_end=" + tEnd + "]";
    }
}
