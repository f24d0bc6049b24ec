package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import org.difflab.api.Component;
import org.difflab.api.Solver;

/**
 * The one integration loop, shared by sampling runs and the contract suite: a {@link Solver} supplies the step,
 * the loop does the rest.
 * <ol>
 *   <li>checks the grid once (at least one step, finite, strictly decreasing, inside [tMin, tMax]) and lets
 *       the solver check what it needs ({@link Solver#start});</li>
 *   <li>runs each step in its own {@link StepScope}, so memory stays flat over long grids;</li>
 *   <li>counts the denoiser evaluations itself (the NFE of the {@link Solution});</li>
 *   <li>applies the final-step rule (below) in {@link Step#x0};</li>
 *   <li>tells an optional {@link StepObserver} about every step.</li>
 * </ol>
 *
 * <p><b>Final-step rule.</b> The denoiser may be evaluated anywhere in [tMin, tMax] where sigma &gt; 0, at any
 * step, and nowhere else: {@link Step#x0} refuses other times as a solver bug. Where the grid ends at the data end
 * (sigma(t_N) = 0: EDM, VP, flow matching), the final step therefore never evaluates at its end, and each bundled
 * method takes that step in a form that needs no evaluation there:
 * <ul>
 *   <li>the probability-flow Euler step from t_{N-1}: heun, rk2 and edm-stochastic on the grid's final step
 *       wherever it ends (EDM's Algorithm 1 and 2; {@link RungeKutta.FinalStep#EULER}); euler-maruyama on a step
 *       to the data end, without its noise; pc's Euler-Maruyama predictor on the final step, without noise (pc's
 *       reverse-diffusion predictor returns its mean there);</li>
 *   <li>the denoised sample alpha(t_N) x0_hat(x, t_{N-1}), the first-order limit of the exponential integrators
 *       on a step to the data end: ddim and ddpm-ancestral (their formulas reduce to it), dpm-solver,
 *       dpmpp-2m/3m; rk45 from the last time it integrates to; pc without a predictor on its final step;</li>
 *   <li>the method's own step when its stages all lie above t_N: euler, lms (extrapolating its interpolant to
 *       sigma = 0), Runge-Kutta tableaux whose nodes c are below 1 (Ralston's third-order method).</li>
 * </ul>
 * A step reads which case it is in from {@link Step#isFinal()} and {@link Step#toData()}.
 */
public final class Integrator {

    private Integrator() {}

    /** Integrates without an observer. */
    public static Solution integrate(Solver solver, SolverContext context, double[] times, NDArray x) {
        return integrate(solver, context, times, x, null);
    }

    /**
     * Integrates from {@code times[0]} to {@code times[N]}.
     *
     * @param x the state at times[0], shape [batch, ...]; not closed
     * @param observer told about every step, or null
     * @return the state at times[N] (owned by the caller) and the NFE counted
     * @throws IllegalArgumentException for a grid the loop or the solver refuses
     * @throws IllegalStateException for a solver bug (an evaluation where the denoiser is undefined, a result of
     *     another shape)
     */
    public static Solution integrate(Solver solver, SolverContext context, double[] times, NDArray x,
            StepObserver observer) {
        Integration run = new Integration(context.process(), times, idOf(solver));
        Count evaluations = new Count();
        try (Stepper stepper = Objects.requireNonNull(solver.start(run), "solver.start returned null")) {
            if (observer != null) {
                observer.started(run.time(0), x);
            }
            NDArray state = x;
            for (int i = 0; i < run.steps(); i++) {
                NDArray next;
                try (StepScope scope = new StepScope()) {
                    Step step = new Step(run, context, i, scope, evaluations, observer != null);
                    try {
                        next = stepper.step(step, state);
                        if (next == null || !next.getShape().equals(state.getShape())) {
                            throw new IllegalStateException("solver '" + run.solver() + "' returned "
                                    + (next == null ? "null" : "shape " + next.getShape()) + " in step " + (i + 1)
                                    + " for a state of shape " + state.getShape());
                        }
                        scope.keep(next);
                        if (observer != null) {
                            observer.stepped(i, step.tNext(), next, step.firstX0());
                        }
                    } finally {
                        step.end();
                    }
                }
                if (state != x && state != next) {
                    state.close();
                }
                state = next;
            }
            return new Solution(state, evaluations.value());
        }
    }

    /** The solver's {@link Component} id, or its class name. */
    private static String idOf(Solver solver) {
        Component component = solver.getClass().getAnnotation(Component.class);
        return component != null ? component.id() : solver.getClass().getSimpleName();
    }

    /** Denoiser evaluations of one integration. */
    static final class Count {
        private int value;

        void increment() {
            value++;
        }

        int value() {
            return value;
        }
    }
}
