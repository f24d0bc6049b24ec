package org.difflab.api.math;

/**
 * The linear noise rate beta(t) = beta_min + beta_d t of Song et al. (2021, eq. 11 and App. B), with
 * beta_d = beta_max - beta_min, and the quantities every VP-type process and Table 1 column derives from it:
 * <pre>  B(t) = int_0^t beta = beta_min t + beta_d t^2 / 2,   log alpha(t) = -B(t)/2,
 *   sigma_VP(t) = sqrt(e^B(t) - 1)   (Karras et al. 2022, Table 1, VP column).</pre>
 *
 * @param betaMin beta(0)
 * @param betaD beta(1) - beta(0) (EDM's beta_d)
 */
public record LinearBeta(double betaMin, double betaD) {

    /** Song et al.'s VP SDE default: beta_min = 0.1, beta_max = 20 (EDM: beta_d = 19.9). */
    public static final LinearBeta SONG = between(0.1, 20.0);

    /** The linear beta from beta(0) = betaMin to beta(1) = betaMax (score SDE's beta_min, beta_max). */
    public static LinearBeta between(double betaMin, double betaMax) {
        return new LinearBeta(betaMin, betaMax - betaMin);
    }

    /** beta(t). */
    public double beta(double t) {
        return betaMin + betaD * t;
    }

    /** B(t) = int_0^t beta(s) ds. */
    public double integral(double t) {
        return t * (betaMin + 0.5 * betaD * t);
    }

    /** log alpha(t) = -B(t)/2 (Song et al. 2021, eq. 29), the marginal log mean coefficient of score SDE. */
    public double logAlpha(double t) {
        return -0.5 * integral(t);
    }

    /** EDM's sigma_VP(t) = sqrt(e^B(t) - 1), the noise-to-signal ratio of the VP process. */
    public double noiseLevel(double t) {
        return VariancePreserving.noiseLevel(logAlpha(t));
    }

    /**
     * The t &ge; 0 with B(t) = b: the positive root of beta_d t^2/2 + beta_min t - b = 0, written as
     * 2b / (sqrt(beta_min^2 + 2 beta_d b) + beta_min) so that it is exact for beta_d = 0 and has no cancellation
     * (same root as EDM's sigma_VP^-1, Karras et al. 2022, Table 1).
     */
    public double timeAtIntegral(double b) {
        return 2.0 * b / (Math.sqrt(betaMin * betaMin + 2.0 * betaD * b) + betaMin);
    }

    /** EDM's sigma_VP^-1(sigma): the time whose noise level is sigma, B = ln(1 + sigma^2). */
    public double timeAtNoiseLevel(double sigma) {
        return timeAtIntegral(-2.0 * VariancePreserving.logAlphaAtNoiseLevel(sigma));
    }

    /**
     * The linear beta whose sigma_VP passes through (epsilonS, sigmaMin) and (1, sigmaMax): EDM's ablation
     * sampler re-derives beta_d and beta_min from the sampling range this way, so that the VP discretization
     * spans exactly that range (NVlabs/edm generate.py, ablation_sampler).
     */
    public static LinearBeta through(double epsilonS, double sigmaMin, double sigmaMax) {
        double bAtEps = Math.log1p(sigmaMin * sigmaMin);
        double bAtOne = Math.log1p(sigmaMax * sigmaMax);
        double betaD = 2.0 * (bAtEps / epsilonS - bAtOne) / (epsilonS - 1.0);
        return new LinearBeta(bAtOne - 0.5 * betaD, betaD);
    }
}
