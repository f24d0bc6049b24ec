package org.difflab.plugins.solvers;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * DPM-Solver++(3M) SDE (k-diffusion sample_dpmpp_3m_sde): {@link DpmSolverPlusPlusMultistep} of order 3 with
 * stochasticity eta, the phi's at h_eta = (1 + eta) h and fresh noise sigma_{i+1} sqrt(1 - e^{-2 eta h})
 * s_noise z each step except the last to sigma = 0; the second step uses the Taylor form phi2 d1. The third-order
 * term is selectable: {@code corrected} (-2 phi3 d2, the exact weight for any eta) or {@code published}
 * (k-diffusion's -phi3 d2); see {@link DpmSolverPlusPlus3M} and the README for which is more accurate where.
 * eta = 0 with the corrected term is {@code dpmpp-3m}. NFE = N.
 */
@Extension
@Component(id = "dpmpp-3m-sde", summary = "DPM-Solver++(3M) SDE (k-diffusion sample_dpmpp_3m_sde); NFE = N")
public final class DpmSolverPlusPlus3MSde extends DpmSolverPlusPlusMultistep {

    /** Options of {@link DpmSolverPlusPlus3MSde}. */
    public record Options(
            @Param(doc = "stochasticity eta: 0 is the ODE (dpmpp-3m), 1 the reverse SDE", defaultValue = "1", min = 0)
            double eta,
            @Param(doc = "scale of the added noise (k-diffusion s_noise)", defaultValue = "1", min = 0) double sNoise,
            @Param(doc = "third-order term: corrected (-2 phi3 d2) or published (-phi3 d2, k-diffusion)",
                    defaultValue = "corrected") ThirdOrderTerm thirdOrderTerm) {}

    /** DPM-Solver++(3M) SDE with the given options. */
    public DpmSolverPlusPlus3MSde(Options options) {
        super(3, SecondOrderForm.HEUN, options.thirdOrderTerm(), options.eta(), options.sNoise());
    }
}
