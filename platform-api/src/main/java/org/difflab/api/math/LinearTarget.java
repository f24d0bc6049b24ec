package org.difflab.api.math;

/**
 * A regression target a x0 + b eps: what a network's output estimates at one time. The four prediction
 * types and EDM's preconditioned output are all of this form (DESIGN.md section 1).
 *
 * @param a coefficient on the clean data x0
 * @param b coefficient on the noise eps
 */
public record LinearTarget(double a, double b) {

    /** The clean data itself (a denoiser's output). */
    public static final LinearTarget X0 = new LinearTarget(1.0, 0.0);

    /** The noise (DDPM's eps-prediction). */
    public static final LinearTarget EPS = new LinearTarget(0.0, 1.0);

    /** The score of the perturbed marginal, grad log p_t(x) = E[-eps/sigma | x]. */
    public static LinearTarget score(PathPoint p) {
        return new LinearTarget(0.0, -1.0 / p.sigma());
    }

    /** The probability-flow velocity dx/dt = alpha' x0 + sigma' eps (flow matching's target). */
    public static LinearTarget velocity(PathPoint p) {
        return new LinearTarget(p.alphaDot(), p.sigmaDot());
    }
}
