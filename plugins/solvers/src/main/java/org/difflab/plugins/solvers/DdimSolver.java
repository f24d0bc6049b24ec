package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * DDIM (Song, Meng and Ermon 2021, eq. 12) for any affine path. In EDM's coordinates x~ = x/alpha with noise
 * levels t (current) and s (next), one step is
 * <pre>  x~_next = x0_hat + sigma_down eps_hat + sigma_up z,
 *   sigma_up^2 = eta^2 s^2 (t^2 - s^2)/t^2,   sigma_down^2 = s^2 - sigma_up^2,</pre>
 * and x_next = alpha(t_{i+1}) x~_next. For VP paths (alpha^2 = alphas_cumprod) alpha_next sigma_up is DDIM's
 * sigma_t(eta) and alpha_next sigma_down its sqrt(1 - alpha_prev - sigma_t^2) (shown in the tests);
 * k-diffusion's get_ancestral_step is the same split. eta = 0 is deterministic DDIM (first order, the
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
        ForwardProcess process = step.process();
        double t = step.t();
        double tNext = step.tNext();
        NDArray x0 = step.x0(x, t);
        double level = process.noiseLevel(t);        // may be +inf where alpha = 0
        double levelNext = process.noiseLevel(tNext); // 0 at the data end
        double ratio = levelNext / level;             // written so that level = +inf gives 0
        double up = eta * levelNext * Math.sqrt(Math.max(1.0 - ratio * ratio, 0.0));
        double down = Math.sqrt(Math.max(levelNext * levelNext - up * up, 0.0));
        double alphaNext = process.alpha(tNext);
        NDArray next = x0.mul(alphaNext);
        if (down > 0) {
            next = next.add(step.eps(x, t, x0).mul(alphaNext * down));
        }
        if (up > 0) {
            next = next.add(step.gaussianLike(x).mul(alphaNext * up));
        }
        return next;
    }
}
