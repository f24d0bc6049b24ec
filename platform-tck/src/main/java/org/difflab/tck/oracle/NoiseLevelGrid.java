package org.difflab.tck.oracle;

import org.difflab.api.ForwardProcess;
import org.difflab.api.sampling.NoiseLevels;

/**
 * Sampling grids for contract checks: EDM's rho schedule in noise levels (Karras et al. 2022, eq. 5; platform-api's
 * {@link NoiseLevels#karras}) mapped to a process's time with its {@link ForwardProcess#timeAtNoiseLevel}, so that
 * solver checks depend on no schedule plugin.
 */
public final class NoiseLevelGrid {

    /** EDM's rho. */
    public static final double RHO = 7.0;

    private NoiseLevelGrid() {}

    /** The M noise levels from hi down to lo, both included. */
    public static double[] levels(int m, double lo, double hi) {
        return NoiseLevels.karras(m, lo, hi, RHO);
    }

    /**
     * N steps between noise levels hi and lo, ending at noise level lo: N + 1 times, every step shrinking as N
     * grows (the grid convergence orders are measured on).
     */
    public static double[] between(ForwardProcess process, int steps, double lo, double hi) {
        double[] levels = levels(steps + 1, lo, hi);
        double[] times = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            times[i] = process.timeAtNoiseLevel(levels[i]);
        }
        return times;
    }

    /** N steps: N noise levels from hi to lo, then the process's tMin (a sampling grid as schedules give it). */
    public static double[] toData(ForwardProcess process, int steps, double lo, double hi) {
        double[] levels = levels(steps, lo, hi);
        double[] times = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            times[i] = process.timeAtNoiseLevel(levels[i]);
        }
        times[steps] = process.tMin();
        return times;
    }
}
