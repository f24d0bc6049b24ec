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
}
