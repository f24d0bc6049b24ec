package org.difflab.plugins.solvers;

import org.difflab.api.ForwardProcess;

/** Checks of a sampling grid, shared by every solver. */
final class Grid {

    private Grid() {}

    /**
     * Requires at least one step, strictly decreasing finite times, all inside the process's time range.
     *
     * @throws IllegalArgumentException naming the offending entry
     */
    static void check(ForwardProcess process, double[] times) {
        if (times.length < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 times (1 step), got " + times.length);
        }
        for (int i = 0; i < times.length; i++) {
            double t = times[i];
            if (!Double.isFinite(t) || t < process.tMin() || t > process.tMax()) {
                throw new IllegalArgumentException("grid time " + i + " = " + t + " is outside the process's range ["
                        + process.tMin() + ", " + process.tMax() + "]");
            }
            if (i > 0 && !(t < times[i - 1])) {
                throw new IllegalArgumentException("grid times must strictly decrease; times[" + i + "] = " + t
                        + " follows " + times[i - 1]);
            }
        }
    }

    /**
     * Requires a finite noise level sigma/alpha at the grid's first time (the noise level rises with t, so the
     * first time is the only one where it can be infinite): methods working in EDM coordinates, in the half
     * log-SNR or with the SDE's diffusion g^2 cannot start where alpha = 0 (flow matching's t = 1).
     *
     * @throws IllegalArgumentException naming the solver and the time
     */
    static void requireFiniteStart(ForwardProcess process, double[] times, String solver) {
        if (!Double.isFinite(process.noiseLevel(times[0]))) {
            throw new IllegalArgumentException(solver + " needs a finite noise level sigma/alpha at the grid's first"
                    + " time (t=" + times[0] + ", alpha = " + process.alpha(times[0]) + "); start the grid below the"
                    + " pure-noise end");
        }
    }

    /** Whether the process's noise coefficient vanishes at t (the data end of EDM, VP, flow matching). */
    static boolean noiseFree(ForwardProcess process, double t) {
        return !(process.sigma(t) > 0);
    }
}
