package org.difflab.plugins.solvers;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * DPM-Solver++(3M) (Lu et al. 2022b, third-order multistep; k-diffusion sample_dpmpp_3m_sde with eta = 0 and
 * dpm-solver's multistep_dpm_solver_third_update) for any affine path. The first step is first order, the
 * second uses the Taylor second-order form (phi2 d1, as k-diffusion), then third order with the divided
 * differences d1 ~ h D', d2 ~ h^2 D''/2 over the last three denoiser outputs.
 *
 * <p>Difference from the published code: k-diffusion, dpm-solver and diffusers add {@code - phi3 d2}, but the
 * exponential integrator's second-order term is int_0^h e^{-(h-u)} (u^2/2) D'' du = -phi3 h^2 D'' =
 * -2 phi3 d2, as in dpm-solver's own singlestep "taylor" update (which builds its D2 ~ h^2 D'' with the factor
 * 2). With {@code - phi3 d2} the local error keeps an O(h^3 D'') term and the method is globally second
 * order; with {@code - 2 phi3 d2} it is exact for D quadratic in lambda and third order (both shown in the
 * tests). The option {@code third_order_term: published} gives the published form. A final step to sigma = 0
 * returns alpha x0_hat. NFE = N.
 */
@Extension
@Component(id = "dpmpp-3m", summary = "DPM-Solver++(3M), third-order multistep in lambda; NFE = N")
public final class DpmSolverPlusPlus3M extends DpmSolverPlusPlusMultistep {

    /** Options of {@link DpmSolverPlusPlus3M}. */
    public record Options(
            @Param(doc = "third-order term: corrected (-2 phi3 d2, third order) or published (-phi3 d2 as in"
                    + " k-diffusion/dpm-solver/diffusers, second order)", defaultValue = "corrected")
            ThirdOrderTerm thirdOrderTerm) {}

    /** DPM-Solver++(3M) with the corrected third-order term. */
    public DpmSolverPlusPlus3M() {
        this(new Options(ThirdOrderTerm.CORRECTED));
    }

    /** DPM-Solver++(3M) with the given third-order term. */
    public DpmSolverPlusPlus3M(Options options) {
        super(3, SecondOrderForm.HEUN, options.thirdOrderTerm(), 0.0, 0.0);
    }
}
