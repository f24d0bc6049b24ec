package org.difflab.plugins.solvers;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * DPM-Solver++(2M) SDE (Lu et al. 2022b; k-diffusion sample_dpmpp_2m_sde): {@link DpmSolverPlusPlusMultistep}
 * of order 2 with stochasticity eta, the phi's taken at h_eta = (1 + eta) h and fresh noise
 * sigma_{i+1} sqrt(1 - e^{-2 eta h}) s_noise z each step except the last to sigma = 0. solver_type midpoint
 * (k-diffusion's default) weights the backward difference by phi1/2, heun by phi2. eta = 0 with midpoint is
 * {@code dpmpp-2m}. Noise: independent N(0, I) per step, distributed as k-diffusion's default Brownian-tree
 * increments (disjoint intervals). NFE = N; strong order 1 for eta &gt; 0, second order at eta = 0.
 */
@Extension
@Component(id = "dpmpp-2m-sde", summary = "DPM-Solver++(2M) SDE (k-diffusion sample_dpmpp_2m_sde); NFE = N")
public final class DpmSolverPlusPlus2MSde extends DpmSolverPlusPlusMultistep {

    /** Options of {@link DpmSolverPlusPlus2MSde}. */
    public record Options(
            @Param(doc = "stochasticity eta: 0 is the ODE (dpmpp-2m), 1 the reverse SDE", defaultValue = "1", min = 0)
            double eta,
            @Param(doc = "scale of the added noise (k-diffusion s_noise)", defaultValue = "1", min = 0) double sNoise,
            @Param(doc = "weight of the backward difference: midpoint (phi1/2) or heun (phi2)",
                    defaultValue = "midpoint") SecondOrderForm solverType) {}

    /** DPM-Solver++(2M) SDE with the given options. */
    public DpmSolverPlusPlus2MSde(Options options) {
        super(2, options.solverType(), ThirdOrderTerm.CORRECTED, options.eta(), options.sNoise());
    }
}
