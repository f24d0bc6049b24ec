package org.difflab.api.math;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ForwardProcess;

/**
 * The forward transition of an affine Gaussian path from a time s to a later, noisier time t (Kingma et al. 2021,
 * "Variational diffusion models", q(z_t | z_s); for DDPM's chain alpha_ts^2 = 1 - beta_t, Ho et al. 2020, eq. 2):
 * <pre>  x_t | x_s ~ N(alpha_ts x_s, sigma_ts^2 I),
 *   alpha_ts = alpha_t/alpha_s,   sigma_ts^2 = sigma_t^2 - alpha_ts^2 sigma_s^2,</pre>
 * and the posterior it gives once x0 is known (Ho et al. 2020, eq. 6-7, for any affine path):
 * <pre>  q(x_s | x_t, x0) = N(alpha_ts sigma_s^2/sigma_t^2 x_t + alpha_s sigma_ts^2/sigma_t^2 x0,
 *                       sigma_ts^2 sigma_s^2/sigma_t^2 I).</pre>
 * Both are computed from the ratio of EDM noise levels r = (sigma_s/alpha_s)/(sigma_t/alpha_t) = alpha_ts
 * sigma_s/sigma_t, as sigma_ts^2 = sigma_t^2 (1 - r)(1 + r): no difference of nearly equal squares, and finite where
 * alpha_t = 0 (pure noise at t) or sigma_s = 0 (data at s), where r = 0. Ancestral samplers, DDIM's stochastic term,
 * EDM's churn and the predictor-corrector's steps take their coefficients from here.
 *
 * @param alphaS alpha(s)
 * @param sigmaS sigma(s)
 * @param alphaT alpha(t)
 * @param sigmaT sigma(t)
 * @param levelRatio r = noiseLevel(s)/noiseLevel(t), in [0, 1] for s &le; t
 */
public record MarkovTransition(double alphaS, double sigmaS, double alphaT, double sigmaT, double levelRatio) {

    /** The transition of {@code process} from time {@code s} to a time {@code t} &ge; s. */
    public static MarkovTransition between(ForwardProcess process, double s, double t) {
        return new MarkovTransition(process.alpha(s), process.sigma(s), process.alpha(t), process.sigma(t),
                process.noiseLevel(s) / process.noiseLevel(t));
    }

    /** alpha_ts = alpha_t/alpha_s: the transition's mean is alpha_ts x_s. */
    public double alphaTs() {
        return alphaT / alphaS;
    }

    /** sigma_ts^2 / sigma_t^2 = (1 - r)(1 + r): the share of x_t's noise variance added after s (never below 0). */
    public double addedVarianceFraction() {
        return Math.max((1.0 - levelRatio) * (1.0 + levelRatio), 0.0);
    }

    /** sigma_ts^2, the transition's variance. */
    public double variance() {
        return sigmaT * sigmaT * addedVarianceFraction();
    }

    /** sigma_ts, the transition's standard deviation. */
    public double std() {
        return sigmaT * Math.sqrt(addedVarianceFraction());
    }

    /** The posterior mean of x_s given x_t and x0: (r sigma_s/sigma_t) x_t + alpha_s (sigma_ts^2/sigma_t^2) x0. */
    public NDArray posteriorMean(NDArray xt, NDArray x0) {
        return xt.mul(levelRatio * sigmaS / sigmaT).add(x0.mul(alphaS * addedVarianceFraction()));
    }

    /** The posterior standard deviation sigma_ts sigma_s / sigma_t. */
    public double posteriorStd() {
        return Math.sqrt(addedVarianceFraction()) * sigmaS;
    }
}
