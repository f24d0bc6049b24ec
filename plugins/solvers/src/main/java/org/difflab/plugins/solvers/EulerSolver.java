package org.difflab.plugins.solvers;

import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.sampling.ButcherTableau;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.RungeKutta;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Euler's method on the probability-flow ODE in the process's own (t, x) coordinates (Karras et al. 2022,
 * Algorithm 1 without the correction): x_{i+1} = x_i + (t_{i+1} - t_i) dx/dt(x_i, t_i), with
 * dx/dt = alpha' x0_hat + sigma' eps_hat. One denoiser call per step (NFE = N); global order 1. On EDM's
 * process (alpha = 1, sigma = t) this is k-diffusion's sample_euler without churn, d = (x - D)/sigma.
 */
@Extension
@Component(id = "euler", summary = "Euler method on the PF-ODE in the process's time (NFE = N, order 1)")
public final class EulerSolver implements Solver {

    /** The one-stage tableau. */
    static final ButcherTableau TABLEAU = new ButcherTableau("euler", 1, new double[] {0}, new double[][] {{}},
            new double[] {1});

    private static final RungeKutta METHOD = new RungeKutta(TABLEAU);

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Stepper start(Integration run) {
        return METHOD;
    }
}
