package org.difflab.plugins.solvers;

import org.difflab.api.ForwardProcess;
import org.difflab.api.sampling.NoiseLevelSchedule;
import org.difflab.api.sampling.NoiseLevels;

/** Sampling grids for the tests. */
final class Grids {

    private Grids() {}

    /**
     * EDM's rho schedule (Karras et al. 2022, eq. 5) of N noise levels from sigmaMax to sigmaMin, mapped to
     * the process's time, then the final time tMin: N + 1 entries.
     */
    static double[] karras(ForwardProcess process, int steps, double sigmaMin, double sigmaMax, double rho) {
        NoiseLevelSchedule schedule = new NoiseLevelSchedule(steps, sigmaMin, sigmaMax) {
            @Override
            protected double[] noiseLevels(int n, double lo, double hi) {
                return NoiseLevels.karras(n, lo, hi, rho);
            }
        };
        return schedule.times(process);
    }

    /**
     * The same rho schedule without the final step to tMin: N + 1 noise levels from sigmaMax down to
     * sigmaMin, all with sigma > 0. Convergence-order tests integrate over this grid so that every step
     * shrinks as N grows (EDM's final step sigma_min -> 0 does not, see the order tests).
     */
    static double[] karrasWithoutFinalStep(ForwardProcess process, int steps, double sigmaMin, double sigmaMax,
            double rho) {
        double[] withFinal = karras(process, steps + 1, sigmaMin, sigmaMax, rho);
        return java.util.Arrays.copyOf(withFinal, steps + 1);
    }
}
