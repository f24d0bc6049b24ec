package org.difflab.api;

import ai.djl.ndarray.NDArray;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;

/**
 * Integrates the probability-flow ODE (or a reverse SDE) of the context's process from times[0] to
 * times[N], in the process's own (t, x) coordinates:
 * <pre>  dx/dt = alpha' x0_hat + sigma' eps_hat,   eps_hat = (x - alpha x0_hat) / sigma,</pre>
 * which is EDM's dx/dt = (sigma'/sigma + s'/s) x - (sigma' s / sigma) D(x/s; sigma) (Algorithm 1) and
 * score SDE's probability-flow ODE. The denoiser is never evaluated at the final time when sigma = 0 there.
 *
 * <p>Contract: deterministic solvers converge at {@link #order()} (the slope of log error against log
 * steps); the reported NFE equals the number of denoiser calls made; the same seed gives the same result;
 * the denoiser is only evaluated at times inside the process's range.
 */
public interface Solver extends Pluggable {

    /** Global convergence order of the deterministic method (1 for Euler, 2 for Heun, ...). */
    int order();

    /**
     * Integrates from {@code times[0]} to {@code times[times.length - 1]}.
     *
     * @param x the state at times[0], shape [batch, ...]; not closed by the solver
     * @return the state at the final time and the number of denoiser evaluations made
     */
    Solution solve(SolverContext context, double[] times, NDArray x);
}
