package org.difflab.plugins.solvers;

import org.difflab.api.Component;
import org.pf4j.Extension;

/**
 * Deterministic singlestep DPM-Solver++(2S) (Lu et al. 2022b, Algorithm 1, r = 1/2; k-diffusion
 * sample_dpmpp_2s_ancestral with eta = 0; diffusers' DPMSolverSinglestepScheduler with solver_order 2 and
 * DPM-Solver++): {@link DpmSolverPlusPlus2SFamily} without noise. NFE = 2N (2N - 1 to sigma = 0); order 2.
 */
@Extension
@Component(id = "dpmpp-2s", summary = "DPM-Solver++(2S), singlestep second order in lambda; NFE = 2N (2N - 1 to 0)")
public final class DpmSolverPlusPlus2S extends DpmSolverPlusPlus2SFamily {

    /** DPM-Solver++(2S). */
    public DpmSolverPlusPlus2S() {
        super(0.0, 0.0);
    }
}
