package org.difflab.plugins.solvers;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * DPM-Solver++(2S) ancestral (k-diffusion sample_dpmpp_2s_ancestral): each step a DPM-Solver++(2S) step down to
 * sigma~_down, then fresh noise sigma~_up ({@link DpmSolverPlusPlus2SFamily}, {@link AncestralStep}). eta = 0 is
 * {@code dpmpp-2s}; eta &gt; 1 is allowed (the noise is capped at the next noise level, as in k-diffusion).
 * NFE = 2N (2N - 1 to sigma = 0).
 */
@Extension
@Component(id = "dpmpp-2s-ancestral", summary = "DPM-Solver++(2S) ancestral (k-diffusion); NFE = 2N (2N - 1 to 0)")
public final class DpmSolverPlusPlus2SAncestral extends DpmSolverPlusPlus2SFamily {

    /** Options of {@link DpmSolverPlusPlus2SAncestral}. */
    public record Options(
            @Param(doc = "ancestral stochasticity eta: 0 is dpmpp-2s, 1 DDPM's posterior noise, above 1 more (capped"
                    + " at the next noise level)", defaultValue = "1", min = 0) double eta,
            @Param(doc = "scale of the added noise (k-diffusion s_noise)", defaultValue = "1", min = 0)
            double sNoise) {}

    /** DPM-Solver++(2S) ancestral with the given eta and s_noise. */
    public DpmSolverPlusPlus2SAncestral(Options options) {
        super(options.eta(), options.sNoise(), FinalStep.EULER);
    }
}
