package org.difflab.plugins.solvers;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.sampling.ButcherTableau;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.RungeKutta;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * EDM's generic second-order Runge-Kutta step with parameter alpha (Karras et al. 2022, Algorithm 1
 * generalised in their ablations, EDM:generate.py ablation_sampler): with h = t_{i+1} - t_i and
 * d = dx/dt(x, t_i), the predictor x' = x + alpha h d at t_i + alpha h, then
 * x_{i+1} = x + h ((1 - 1/(2 alpha)) d + (1/(2 alpha)) d'(x', t_i + alpha h)). alpha = 1 is Heun, alpha = 1/2
 * the explicit midpoint method. As in EDM, the final step is Euler (the predictor time of a final step to
 * sigma = 0 could be where the denoiser is undefined). NFE = 2N - 1; global order 2.
 *
 * <p>As a tableau: c = (0, alpha), a_21 = alpha, b = (1 - 1/(2 alpha), 1/(2 alpha)), run by
 * {@link RungeKutta}, which forms x + (b_1 d + b_2 d') h. For the default alpha = 1/2 that is bit for bit the
 * former x + b_1 h d + b_2 h d'; for other alpha the grouping differs in the last bits (alpha = 1 is then
 * {@code heun} bit for bit).
 */
@Extension
@Component(id = "rk2", summary = "Second-order Runge-Kutta with EDM's alpha (0.5 midpoint, 1 Heun); NFE = 2N - 1")
public final class Rk2Solver implements Solver {

    /** Options of {@link Rk2Solver}. */
    public record Options(
            @Param(doc = "where the predictor is evaluated, as a fraction of the step (EDM's alpha): 0.5 is the"
                    + " midpoint method, 1 is Heun", defaultValue = "0.5", min = 0, exclusiveMin = true, max = 1)
            double alpha) {}

    private final RungeKutta method;

    /** A second-order Runge-Kutta solver with the given predictor fraction. */
    public Rk2Solver(Options options) {
        this.method = new RungeKutta(tableau(options.alpha()), RungeKutta.FinalStep.EULER);
    }

    /** EDM's generic second-order tableau with predictor fraction alpha. */
    static ButcherTableau tableau(double alpha) {
        double onPrime = 1.0 / (2.0 * alpha);
        return new ButcherTableau("rk2(alpha=" + alpha + ")", 2, new double[] {0, alpha},
                new double[][] {{}, {alpha}}, new double[] {1.0 - onPrime, onPrime});
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public Stepper start(Integration run) {
        return method;
    }
}
