package org.difflab.api;

import org.difflab.api.math.VariancePreserving;

/**
 * A variance-preserving forward process, alpha^2 + sigma^2 = 1, given by its log alpha(t) (score SDE's and
 * DPM-Solver's marginal log mean coefficient, Lu et al. 2022, NoiseScheduleVP) and that function's time derivative;
 * alpha, sigma, their derivatives, the noise level and the half log-SNR follow here once, from
 * {@link VariancePreserving}'s closed forms (free of cancellation where alpha -&gt; 1).
 */
public interface VariancePreservingProcess extends ForwardProcess {

    /** log alpha(t). */
    double logAlpha(double t);

    /** d log alpha / dt = alpha'/alpha, the SDE drift f(t) (-beta(t)/2 for Song et al.'s VP SDE). */
    double logAlphaDot(double t);

    @Override
    default double alpha(double t) {
        return Math.exp(logAlpha(t));
    }

    /** sigma = sqrt(1 - alpha^2). */
    @Override
    default double sigma(double t) {
        return VariancePreserving.sigma(logAlpha(t));
    }

    /** alpha' = (d log alpha/dt) alpha. */
    @Override
    default double alphaDot(double t) {
        return logAlphaDot(t) * alpha(t);
    }

    /** sigma' = -alpha alpha'/sigma; +infinity where sigma = 0 and alpha' &lt; 0. */
    @Override
    default double sigmaDot(double t) {
        return VariancePreserving.sigmaDot(alpha(t), alphaDot(t), sigma(t));
    }

    /** sqrt(alpha^-2 - 1), without the cancellation of sigma/alpha at small t. */
    @Override
    default double noiseLevel(double t) {
        return VariancePreserving.noiseLevel(logAlpha(t));
    }

    @Override
    default double halfLogSnr(double t) {
        return -Math.log(noiseLevel(t));
    }
}
