package org.difflab.api.sampling;

import org.difflab.api.ForwardProcess;

/**
 * One integration as a solver sees it before its first step: the process and the time grid t_0 &gt; t_1 &gt; ... &gt;
 * t_N, already checked by the {@link Integrator} (at least one step, finite, strictly decreasing, inside the
 * process's range [tMin, tMax]).
 */
public final class Integration {

    private final ForwardProcess process;
    private final double[] times;
    private final String solver;

    /**
     * @param solver the solver's id, for messages
     * @throws IllegalArgumentException naming the offending grid entry
     */
    Integration(ForwardProcess process, double[] times, String solver) {
        this.process = process;
        this.times = times.clone();
        this.solver = solver;
        check();
    }

    private void check() {
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

    /** The forward process whose reverse is integrated. */
    public ForwardProcess process() {
        return process;
    }

    /** The number of steps N. */
    public int steps() {
        return times.length - 1;
    }

    /** Grid time t_i, 0 &lt;= i &lt;= N. */
    public double time(int i) {
        return times[i];
    }

    /** A copy of the grid, N + 1 times. */
    public double[] times() {
        return times.clone();
    }

    /** The solver's id (for messages). */
    public String solver() {
        return solver;
    }

    /** Whether the grid ends where sigma = 0 (the data end of EDM, VP and flow matching). */
    public boolean endsAtData() {
        return noiseFree(times[times.length - 1]);
    }

    /** Whether the process's noise coefficient sigma(t) vanishes at t. */
    public boolean noiseFree(double t) {
        return !(process.sigma(t) > 0);
    }

    /**
     * Requires a finite noise level sigma/alpha at the grid's first time (the noise level rises with t, so the
     * first time is the only one where it can be infinite): methods working in EDM coordinates, in the half
     * log-SNR or with the SDE's diffusion g^2 cannot start where alpha = 0 (flow matching's t = 1).
     *
     * @param method what needs it, for the message (e.g. the solver's id)
     * @throws IllegalArgumentException naming the method and the time
     */
    public void requireFiniteStart(String method) {
        if (!Double.isFinite(process.noiseLevel(times[0]))) {
            throw new IllegalArgumentException(method + " needs a finite noise level sigma/alpha at the grid's first"
                    + " time (t=" + times[0] + ", alpha = " + process.alpha(times[0]) + "); start the grid below the"
                    + " pure-noise end");
        }
    }
}
