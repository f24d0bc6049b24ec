package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.sampling.SolverContext;
import org.pf4j.Extension;

/**
 * EDM's generic second-order Runge-Kutta step with parameter alpha (Karras et al. 2022, Algorithm 1
 * generalised in their ablations, EDM:generate.py ablation_sampler): with h = t_{i+1} - t_i and
 * d = dx/dt(x, t_i), the predictor x' = x + alpha h d at t_i + alpha h, then
 * x_{i+1} = x + h ((1 - 1/(2 alpha)) d + (1/(2 alpha)) d'(x', t_i + alpha h)). alpha = 1 is Heun, alpha = 1/2
 * the explicit midpoint method. As in EDM, the final step is Euler (the predictor time of a final step to
 * sigma = 0 could be where the denoiser is undefined). NFE = 2N - 1; global order 2.
 */
@Extension
@Component(id = "rk2", summary = "Second-order Runge-Kutta with EDM's alpha (0.5 midpoint, 1 Heun); NFE = 2N - 1")
public final class Rk2Solver extends SingleStepSolver {

    /** Options of {@link Rk2Solver}. */
    public record Options(
            @Param(doc = "where the predictor is evaluated, as a fraction of the step (EDM's alpha): 0.5 is the"
                    + " midpoint method, 1 is Heun", defaultValue = "0.5", min = 0, exclusiveMin = true, max = 1)
            double alpha) {}

    private final double alpha;

    /** A second-order Runge-Kutta solver with the given predictor fraction. */
    public Rk2Solver(Options options) {
        this.alpha = options.alpha();
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    protected NDArray step(SolverContext context, DenoiserCalls calls, double[] times, int i, NDArray x) {
        double t = times[i];
        double tNext = times[i + 1];
        double h = tNext - t;
        NDArray d = context.velocity(x, t, calls.x0(x, t));
        if (isLast(times, i)) {
            return x.add(d.mul(h));
        }
        // t + alpha h lies in [t_{i+1}, t_i): inside the range, and sigma > 0 there because t_{i+1} is not the
        // grid's final time.
        double tPrime = t + alpha * h;
        NDArray predicted = x.add(d.mul(alpha * h));
        NDArray dPrime = context.velocity(predicted, tPrime, calls.x0(predicted, tPrime));
        double onPrime = 1.0 / (2.0 * alpha);
        return x.add(d.mul((1.0 - onPrime) * h).add(dPrime.mul(onPrime * h)));
    }
}
