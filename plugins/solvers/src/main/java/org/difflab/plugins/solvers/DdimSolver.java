package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.math.MarkovTransition;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * DDIM (Song, Meng and Ermon 2021, eq. 12) for any affine path. From time t to the next time s, with x0_hat and
 * eps_hat the denoiser's estimates at (x_t, t),
 * <pre>  x_s = alpha_s x0_hat + sqrt(sigma_s^2 - c^2) eps_hat + c z,   c = eta sigma_ts sigma_s/sigma_t,</pre>
 * c being eta times the standard deviation of the posterior q(x_s | x_t, x0) ({@link MarkovTransition}). For VP
 * paths (alpha^2 = alphas_cumprod) c is DDIM's sigma_t(eta) and sqrt(sigma_s^2 - c^2) its
 * sqrt(1 - alpha_prev - sigma_t^2) (shown in the tests); in EDM's coordinates x/alpha, c/alpha_s and
 * sqrt(sigma_s^2 - c^2)/alpha_s are k-diffusion's get_ancestral_step sigma_up and sigma_down. eta = 0 is
 * deterministic DDIM (first order, the
 * exponential Euler step of DPM-Solver-1); eta = 1 is DDPM's ancestral sampler. The final step to sigma = 0
 * gives alpha x0_hat. Noise is drawn only on steps with sigma_up &gt; 0. NFE = N.
 */
@Extension
@Component(id = "ddim", summary = "DDIM with eta (0 deterministic, 1 ancestral) on any affine path; NFE = N")
public final class DdimSolver implements Solver {

    /** Options of {@link DdimSolver}. */
    public record Options(
            @Param(doc = "stochasticity eta of Song et al. (2021): 0 deterministic DDIM, 1 DDPM's posterior"
                    + " variance", defaultValue = "0", min = 0, max = 1) double eta) {}

    private final double eta;

    /** DDIM with the given eta. */
    public DdimSolver(Options options) {
        this.eta = options.eta();
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return eta > 0 ? Set.of(Capability.STOCHASTIC) : Set.of();
    }

    @Override
    public Stepper start(Integration run) {
        return this::step;
    }

    private NDArray step(Step step, NDArray x) {
        double t = step.t();
        MarkovTransition transition = MarkovTransition.between(step.process(), step.tNext(), t);
        NDArray x0 = step.x0(x, t);
        AncestralStep split = AncestralStep.of(transition, eta); // at the data end down = up = 0: alpha_s x0_hat
        double up = split.up();
        double down = split.down();
        NDArray next = x0.mul(transition.alphaS());
        if (down > 0) {
            next = next.add(step.eps(x, t, x0).mul(down));
        }
        if (up > 0) {
            next = next.add(step.gaussianLike(x).mul(up));
        }
        return next;
    }
}
