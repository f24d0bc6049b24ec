package org.difflab.plugins.solvers;

import org.difflab.api.Component;
import org.pf4j.Extension;

/**
 * DPM-Solver++(2M) (Lu et al. 2022b, Algorithm 2; k-diffusion sample_dpmpp_2m) for any affine path: with
 * r = h_{i-1}/h, D' = (1 + 1/(2r)) D_i - (1/(2r)) D_{i-1} and
 * x_{i+1} = (sigma_{i+1}/sigma_i) x_i + alpha_{i+1} (1 - e^{-h}) D'. The first step uses D_0 alone; a final
 * step to sigma = 0 returns alpha x0_hat. NFE = N, order 2. ({@link DpmSolverPlusPlusMultistep} with eta = 0.)
 */
@Extension
@Component(id = "dpmpp-2m", summary = "DPM-Solver++(2M), data prediction in lambda = log(alpha/sigma); NFE = N")
public final class DpmSolverPlusPlus2M extends DpmSolverPlusPlusMultistep {

    /** DPM-Solver++(2M). */
    public DpmSolverPlusPlus2M() {
        super(2, SecondOrderForm.MIDPOINT, ThirdOrderTerm.CORRECTED, 0.0, 0.0);
    }
}
