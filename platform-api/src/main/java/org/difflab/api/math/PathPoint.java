package org.difflab.api.math;

import org.difflab.api.ForwardProcess;

/**
 * A forward process evaluated at one time: x_t = alpha x0 + sigma eps, with the time derivatives of both
 * coefficients. Every conversion in {@link Conversions} works from one of these.
 *
 * @param t the process's own time
 * @param alpha signal coefficient alpha(t)
 * @param sigma noise coefficient sigma(t)
 * @param alphaDot d alpha / dt
 * @param sigmaDot d sigma / dt
 */
public record PathPoint(double t, double alpha, double sigma, double alphaDot, double sigmaDot) {

    /** Evaluates {@code process} at time {@code t}. */
    public static PathPoint of(ForwardProcess process, double t) {
        return new PathPoint(t, process.alpha(t), process.sigma(t), process.alphaDot(t), process.sigmaDot(t));
    }

    /** EDM's noise level sigma/alpha (the noise-to-signal ratio); infinite where alpha = 0. */
    public double noiseLevel() {
        return sigma / alpha;
    }

    /**
     * The standard deviation of x_t = alpha x0 + sigma eps per coordinate for data of standard deviation
     * {@code dataStd}: sqrt(alpha^2 dataStd^2 + sigma^2). EDM's input scaling is its inverse, c_in(sigma)/alpha
     * = 1/marginalStd(sigma_data) in x_t coordinates (Karras et al. 2022, Table 1; sigma_data = 1 for VP and
     * iDDPM), finite where alpha = 0.
     */
    public double marginalStd(double dataStd) {
        double scaledDataStd = alpha * dataStd;
        return Math.sqrt(sigma * sigma + scaledDataStd * scaledDataStd);
    }

    /** SDE drift coefficient f = alpha'/alpha, for dx = f x dt + g dW (Song et al. 2021). */
    public double drift() {
        return alphaDot / alpha;
    }

    /**
     * Squared SDE diffusion g^2 = 2 sigma sigma' - 2 (alpha'/alpha) sigma^2 = d sigma^2/dt - 2 f sigma^2, the unique g
     * whose SDE dx = f x dt + g dW has this path's marginals (in EDM's s, sigma notation g^2 = 2 s^2 sigma sigma');
     * it reduces to Song et al.'s (2021) beta(t) for VP, beta(t)(1 - e^{-2B(t)}) for sub-VP and d sigma^2/dt for VE.
     */
    public double diffusionSquared() {
        return 2.0 * sigma * sigmaDot - 2.0 * drift() * sigma * sigma;
    }
}
