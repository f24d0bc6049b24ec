package org.difflab.api;

import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Integrator;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;

/**
 * A method for the probability-flow ODE (or a reverse SDE) of a process, in the process's own (t, x)
 * coordinates:
 * <pre>  dx/dt = alpha' x0_hat + sigma' eps_hat,   eps_hat = (x - alpha x0_hat) / sigma,</pre>
 * which is EDM's dx/dt = (sigma'/sigma + s'/s) x - (sigma' s / sigma) D(x/s; sigma) (Algorithm 1) and
 * score SDE's probability-flow ODE.
 *
 * <p>A solver supplies steps ({@link Stepper#step} of each {@link Step}); the platform's {@link Integrator} owns the
 * loop over the grid: it checks the grid, frees each step's temporaries, counts the denoiser evaluations (the NFE)
 * and refuses any evaluation outside the process's range or where sigma = 0. A method without memory is a lambda:
 * <pre>  public Stepper start(Integration run) {
 *     return (step, x) -&gt; step.alongVelocity(x, step.t(), 1.0, step.h());   // x + h v(x, t), one evaluation
 * }</pre>
 *
 * <p>Contract: deterministic solvers converge at {@link #order()} (the slope of log error against log steps);
 * the same seed gives the same result; the denoiser is only asked where it is defined.
 */
public interface Solver extends Pluggable {

    /** Global convergence order of the deterministic method (1 for Euler, 2 for Heun, ...). */
    int order();

    /**
     * Begins one integration over {@code run}'s grid. Check here what the method needs of the grid (e.g.
     * {@link Integration#requireFiniteStart}); nothing may be evaluated yet.
     *
     * @return the steps of this integration; it may keep state between steps (a multistep history) and is
     *     closed when the integration ends
     * @throws IllegalArgumentException if the method cannot integrate over this grid (say why)
     */
    Stepper start(Integration run);
}
