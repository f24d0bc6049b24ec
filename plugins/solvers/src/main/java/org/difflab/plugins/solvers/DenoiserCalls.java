package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ForwardProcess;
import org.difflab.api.sampling.SolverContext;

/**
 * The denoiser evaluations of one solve. Counts them (the solver's reported NFE) and refuses, as a solver
 * bug, any time outside [tMin, tMax] or where sigma(t) = 0 (there x_t = alpha x0 and x0_hat is x_t / alpha:
 * asking a model is meaningless and, for EDM's c_in/c_noise, singular).
 */
final class DenoiserCalls {

    private final SolverContext context;
    private final ForwardProcess process;
    private int count;

    DenoiserCalls(SolverContext context) {
        this.context = context;
        this.process = context.process();
    }

    /** x0_hat(x, t): one evaluation. */
    NDArray x0(NDArray x, double t) {
        if (!(t >= process.tMin() && t <= process.tMax())) {
            throw new IllegalStateException("solver bug: denoiser requested at t=" + t + ", outside ["
                    + process.tMin() + ", " + process.tMax() + "]");
        }
        if (!(process.sigma(t) > 0)) {
            throw new IllegalStateException("solver bug: denoiser requested at t=" + t + " where sigma(t) = "
                    + process.sigma(t));
        }
        count++;
        return context.denoiser().denoise(x, t);
    }

    /** Evaluations made so far. */
    int count() {
        return count;
    }
}
