package org.difflab.api.sampling;

import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.TimestepSchedule;

/**
 * Base of schedules defined in EDM noise levels sigma = sigma(t)/alpha(t) (Karras rho, geometric, log-SNR,
 * polyexponential, ...). It resolves the range [sigma_min, sigma_max] (the options, or the process's
 * default sampling range), maps the N levels to the process's time through
 * {@link ForwardProcess#timeAtNoiseLevel}, and appends the final time tMin.
 */
public abstract class NoiseLevelSchedule implements TimestepSchedule {

    private final int steps;
    private final Double sigmaMin;
    private final Double sigmaMax;

    /**
     * @param steps N, the number of steps (and of noise levels before the final time)
     * @param sigmaMin smallest noise level, or null for the process's default
     * @param sigmaMax largest noise level, or null for the process's default
     */
    protected NoiseLevelSchedule(int steps, Double sigmaMin, Double sigmaMax) {
        if (steps < 1) {
            throw new InvalidOptionException("steps", "steps must be at least 1, got " + steps);
        }
        if (sigmaMin != null && sigmaMax != null && !(sigmaMin < sigmaMax)) {
            throw new InvalidOptionException("sigma_min", "sigma_min (" + sigmaMin + ") must be below sigma_max ("
                    + sigmaMax + ")");
        }
        this.steps = steps;
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
    }

    /** Number of steps N. */
    public int steps() {
        return steps;
    }

    /**
     * N noise levels from at most sigmaMax down to at least sigmaMin, strictly decreasing (most schedules start
     * at sigmaMax and end at sigmaMin; a tabulated one such as iDDPM's takes the table entries inside the range).
     * Values are held to [sigmaMin, sigmaMax], so round-off in a schedule's formula never leaves the range.
     */
    protected abstract double[] noiseLevels(int steps, double sigmaMin, double sigmaMax);

    @Override
    public double[] times(ForwardProcess process) {
        double lo = sigmaMin != null ? sigmaMin : process.noiseLevel(process.samplingEnd());
        double hi = sigmaMax != null ? sigmaMax : process.noiseLevel(process.samplingStart());
        if (!Double.isFinite(hi)) {
            throw new InvalidOptionException("sigma_max", "the process's noise level at t=" + process.samplingStart()
                    + " is infinite; give this schedule a finite sigma_max (e.g. 80)");
        }
        if (!(lo > 0) || !(lo < hi)) {
            throw new InvalidOptionException("sigma_min", "need 0 < sigma_min < sigma_max, got sigma_min=" + lo
                    + ", sigma_max=" + hi);
        }
        double[] levels = noiseLevels(steps, lo, hi);
        double[] times = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            // Formulas such as (sigma_max^(1/rho))^rho can miss the range's ends by an ulp; outside the process's
            // range the inverse would throw, so levels are held to [sigma_min, sigma_max].
            double level = Math.min(hi, Math.max(lo, levels[i]));
            times[i] = process.timeAtNoiseLevel(level);
        }
        times[steps] = process.tMin();
        return times;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[steps=" + steps + ", sigma_min=" + sigmaMin + ", sigma_max="
                + sigmaMax + "]";
    }
}
