package org.difflab.examples.ralston;

import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.sampling.ButcherTableau;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.RungeKutta;
import org.difflab.api.sampling.Stepper;
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

    /** The method as data: nodes c, coefficients a (one row per stage), weights b. */
    static final ButcherTableau RALSTON3 = new ButcherTableau("ralston3", 3,
            new double[] {0, 1.0 / 2, 3.0 / 4},
            new double[][] {{}, {1.0 / 2}, {0, 3.0 / 4}},
            new double[] {2.0 / 9, 3.0 / 9, 4.0 / 9});

    @Override
    public int order() {
        return 3;
    }

    /** The platform runs the steps: it evaluates the stages, counts the NFE and frees each step's arrays. */
    @Override
    public Stepper start(Integration run) {
        return new RungeKutta(RALSTON3);
    }
}
