package org.difflab.plugins.solvers;

import org.difflab.api.math.MarkovTransition;

/**
 * How an ancestral step from t to the next time s splits s's noise: a deterministic step down to noise
 * {@code down}, then fresh noise of standard deviation {@code up}, with down^2 + up^2 = sigma_s^2 (k-diffusion
 * get_ancestral_step, in EDM's coordinates x/alpha there). up is eta times the standard deviation of the posterior
 * q(x_s | x_t, x0) ({@link MarkovTransition#posteriorStd()}), capped at sigma_s as k-diffusion caps it, so eta
 * &gt; 1 stays defined (then down = 0 once eta sigma_ts/sigma_t &ge; 1). Both are in x's units at s.
 *
 * @param down the noise left after the deterministic part of the step, sqrt(sigma_s^2 - up^2)
 * @param up the standard deviation of the noise added
 */
record AncestralStep(double down, double up) {

    /** The split of {@code transition} (from s to t, as {@link MarkovTransition#between}) with stochasticity eta. */
    static AncestralStep of(MarkovTransition transition, double eta) {
        double sigmaNext = transition.sigmaS(); // 0 at the data end: then down = up = 0
        double up = Math.min(sigmaNext, eta * transition.posteriorStd());
        return new AncestralStep(Math.sqrt(Math.max(sigmaNext * sigmaNext - up * up, 0.0)), up);
    }
}
