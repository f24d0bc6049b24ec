package org.difflab.plugins.solvers;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * Deterministic singlestep DPM-Solver++(2S) (Lu et al. 2022b, Algorithm 1, r = 1/2; k-diffusion
 * sample_dpmpp_2s_ancestral with eta = 0; diffusers' DPMSolverSinglestepScheduler with solver_order 2 and
 * DPM-Solver++): {@link DpmSolverPlusPlus2SFamily} without noise. NFE = 2N (2N - 1 to sigma = 0, 2N with
 * {@code final_step: midpoint}, {@link FinalStep}); order 2.
 */
@Extension
@Component(id = "dpmpp-2s", summary = "DPM-Solver++(2S), singlestep second order in lambda; NFE = 2N (2N - 1 to 0)")
public final class DpmSolverPlusPlus2S extends DpmSolverPlusPlus2SFamily {

    /** Options of {@link DpmSolverPlusPlus2S}. */
    public record Options(
            @Param(doc = "last step to sigma = 0: euler (k-diffusion) or midpoint (second order, two evaluations)",
                    defaultValue = "euler") FinalStep finalStep) {}

    /** DPM-Solver++(2S) as k-diffusion takes it. */
    public DpmSolverPlusPlus2S() {
        this(new Options(FinalStep.EULER));
    }

    /** DPM-Solver++(2S) with the given last step. */
    public DpmSolverPlusPlus2S(Options options) {
        super(0.0, 0.0, options.finalStep());
    }
}
