package org.difflab.experiments.wrong;

import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.sampling.ButcherTableau;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.RungeKutta;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Heun's method with its corrector on every step, the final one included: on a grid ending at the data end it asks
 * for x0_hat at sigma = 0, where the denoiser is undefined (EDM's Algorithm 1 takes an Euler final step instead).
 */
@Extension
@Component(id = "heun-to-data", summary = "WRONG on purpose: Heun correcting at sigma = 0 on the final step")
public final class HeunToDataSolver implements Solver {

    private static final ButcherTableau HEUN = new ButcherTableau("heun", 2, new double[] {0, 1},
            new double[][] {{}, {1}}, new double[] {0.5, 0.5});

    @Override
    public int order() {
        return 2;
    }

    @Override
    public Stepper start(Integration run) {
        return new RungeKutta(HEUN);   // the mistake: RungeKutta.FinalStep.FULL, so the last stage is at t_N
    }
}
