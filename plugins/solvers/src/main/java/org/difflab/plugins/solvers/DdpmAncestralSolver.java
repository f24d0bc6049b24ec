package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.math.MarkovTransition;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Ancestral sampling from the exact Gaussian posterior of the affine path's Markov forward process (Ho et al.
 * 2020, eq. 6-7, generalised; {@link MarkovTransition}): with s &lt; t, alpha_ts = alpha_t/alpha_s and
 * sigma_ts^2 = sigma_t^2 - alpha_ts^2 sigma_s^2 (the transition x_t | x_s),
 * <pre>  q(x_s | x_t, x0) = N(alpha_ts sigma_s^2/sigma_t^2 x_t + alpha_s sigma_ts^2/sigma_t^2 x0,
 *                       sigma_ts^2 sigma_s^2/sigma_t^2 I),</pre>
 * sampled with x0 = x0_hat(x_t, t). For VP paths this is DDPM's mu~ and beta~ with alphas_cumprod =
 * alpha^2 and beta_t = 1 - alpha_ts^2. It equals {@code ddim} with eta = 1 (shown in the tests). The final
 * step to sigma = 0 is the mean alpha x0_hat. Noise is drawn only where the variance is positive. NFE = N.
 */
@Extension
@Component(id = "ddpm-ancestral", summary = "DDPM ancestral sampling from the exact posterior q(x_s | x_t, x0_hat)")
public final class DdpmAncestralSolver implements Solver {

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.STOCHASTIC);
    }

    @Override
    public Stepper start(Integration run) {
        return this::step;
    }

    private NDArray step(Step step, NDArray x) {
        MarkovTransition transition = MarkovTransition.between(step.process(), step.tNext(), step.t());
        NDArray mean = transition.posteriorMean(x, step.x0(x, step.t()));
        double std = transition.posteriorStd();
        return std > 0 ? mean.add(step.gaussianLike(x).mul(std)) : mean;
    }
}
