package org.difflab.examples.ralston;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;
import org.difflab.api.sampling.StepScope;
import org.pf4j.Extension;

/**
 * Ralston's third-order Runge-Kutta method (Ralston 1962, the 3-stage method of minimum error bound) on the
 * probability-flow ODE dx/dt = alpha' x0_hat + sigma' eps_hat, in the process's own time. With h = t_{i+1} - t_i
 * and d(x, t) the ODE's velocity:
 * <pre>  k1 = d(x, t),  k2 = d(x + h k1 / 2, t + h / 2),  k3 = d(x + 3 h k2 / 4, t + 3 h / 4),
 *   x_{i+1} = x + h (2 k1 + 3 k2 + 4 k3) / 9.</pre>
 * Its stages lie at t, t + h/2 and t + 3h/4, never at t_{i+1}, so even the final step to sigma = 0 is a full
 * third-order step and the denoiser is never asked where sigma = 0. NFE = 3N; global order 3.
 */
@Extension
@Component(id = "ralston3", summary = "Ralston's third-order Runge-Kutta on the PF-ODE (NFE = 3N, order 3)")
public final class Ralston3Solver implements Solver {

    @Override
    public int order() {
        return 3;
    }

    @Override
    public Solution solve(SolverContext context, double[] times, NDArray x) {
        NDArray state = x;
        int calls = 0;
        for (int i = 0; i + 1 < times.length; i++) {
            double t = times[i];
            double h = times[i + 1] - t;
            // One scope per step frees the step's temporaries; only the new state is kept.
            try (StepScope step = new StepScope()) {
                NDArray k1 = velocity(context, state, t);
                NDArray k2 = velocity(context, state.add(k1.mul(h / 2)), t + h / 2);
                NDArray k3 = velocity(context, state.add(k2.mul(3 * h / 4)), t + 3 * h / 4);
                calls += 3;
                NDArray next = state.add(k1.mul(2).add(k2.mul(3)).add(k3.mul(4)).mul(h / 9));
                if (state != x) {
                    state.close();
                }
                state = step.keep(next);
            }
        }
        return new Solution(state, calls);
    }

    /** The PF-ODE velocity at (x, t): one denoiser evaluation, converted by the platform. */
    private static NDArray velocity(SolverContext context, NDArray x, double t) {
        return context.velocity(x, t, context.denoiser().denoise(x, t));
    }
}
