package org.difflab.tck.oracle;

import org.difflab.api.ForwardProcess;

/**
 * Sampling grids for contract checks: EDM's rho schedule in noise levels (Karras et al. 2022, eq. 5),
 * sigma_i = (hi^(1/rho) + i/(M-1) (lo^(1/rho) - hi^(1/rho)))^rho, mapped to a process's time with its
 * {@link ForwardProcess#timeAtNoiseLevel}. Written here (rather than using a schedule plugin) so that solver
 * checks depend on no plugin.
 */
public final class NoiseLevelGrid {

    /** EDM's rho. */
    public static final double RHO = 7.0;

    private NoiseLevelGrid() {}

    /** The M noise levels from hi down to lo, both included. */
    public static double[] levels(int m, double lo, double hi) {
        double[] levels = new double[m];
        double top = Math.pow(hi, 1.0 / RHO);
        double bottom = Math.pow(lo, 1.0 / RHO);
        for (int i = 0; i < m; i++) {
            double ramp = m == 1 ? 0.0 : (double) i / (m - 1);
            levels[i] = Math.pow(top + ramp * (bottom - top), RHO);
        }
        levels[0] = hi;
        levels[m - 1] = m == 1 ? hi : lo;
        return levels;
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
