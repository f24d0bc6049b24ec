package org.difflab.api.math;

/**
 * Closed forms of a variance-preserving path, alpha^2 + sigma^2 = 1 (Song et al. 2021's VP SDE, Ho et al. 2020's
 * DDPM, Nichol &amp; Dhariwal 2021's cosine schedule; DPM-Solver's NoiseScheduleVP, Lu et al. 2022, Sec. 3.1), all
 * from log alpha, the marginal log mean coefficient. Written with expm1/log1p so that nothing cancels near the data
 * end, where alpha -&gt; 1 and sigma -&gt; 0.
 */
public final class VariancePreserving {

    private VariancePreserving() {}

    /** sigma^2 = 1 - alpha^2 = -expm1(2 log alpha). */
    public static double variance(double logAlpha) {
        return -Math.expm1(2.0 * logAlpha);
    }

    /** sigma = sqrt(1 - alpha^2). */
    public static double sigma(double logAlpha) {
        return Math.sqrt(variance(logAlpha));
    }

    /** The noise level sigma/alpha = sqrt(alpha^-2 - 1) = sqrt(expm1(-2 log alpha)) (EDM's sigma_VP for VP). */
    public static double noiseLevel(double logAlpha) {
        return Math.sqrt(Math.expm1(-2.0 * logAlpha));
    }

    /** The inverse of {@link #noiseLevel}: alpha = 1/sqrt(1 + level^2), so log alpha = -log1p(level^2)/2. */
    public static double logAlphaAtNoiseLevel(double level) {
        return -0.5 * Math.log1p(level * level);
    }

    /**
     * sigma' = -alpha alpha' / sigma, the derivative of sigma = sqrt(1 - alpha^2) from alpha's (+infinity where
     * sigma = 0 and alpha' &lt; 0, e.g. VP at t = 0).
     */
    public static double sigmaDot(double alpha, double alphaDot, double sigma) {
        return -alpha * alphaDot / sigma;
    }
}
