package org.difflab.api.math;

/**
 * The one place where targets are converted into each other (DESIGN.md section 1).
 *
 * <p>At a path point, x_t and a target F = a x0 + b eps satisfy
 * <pre>  [x_t]   [alpha  sigma] [x0 ]
 *   [ F ] = [  a      b  ] [eps]</pre>
 * which is solvable whenever det = alpha b - sigma a is non-zero. Any other target G = a' x0 + b' eps then
 * follows as G = ((a' b - b' a) x_t + (b' alpha - a' sigma) F) / det. Denoiser, eps, score and velocity
 * conversions, EDM's c_skip/c_out and loss conversions are all this formula.
 */
public final class Conversions {

    private Conversions() {}

    /** alpha b - sigma a: zero where the target does not determine x0 and eps (e.g. eps at alpha = 0). */
    public static double determinant(PathPoint p, LinearTarget known) {
        return p.alpha() * known.b() - p.sigma() * known.a();
    }

    /**
     * The map (x_t, known) -> wanted.
     *
     * @throws ArithmeticException if {@code known} does not determine x0 and eps at this point
     */
    public static Combination convert(PathPoint p, LinearTarget known, LinearTarget wanted) {
        double det = determinant(p, known);
        if (det == 0.0 || !Double.isFinite(det)) {
            throw new ArithmeticException("target " + known + " does not determine x0 at t=" + p.t()
                    + " (alpha*b - sigma*a = " + det + ")");
        }
        return new Combination((wanted.a() * known.b() - wanted.b() * known.a()) / det,
                (wanted.b() * p.alpha() - wanted.a() * p.sigma()) / det);
    }

    /**
     * EDM's skip and output scalings for a network that predicts {@code target}: the denoiser is
     * D = c_skip * x~ + c_out * F with x~ = x_t / alpha (Karras et al. 2022, eq. 7).
     *
     * @return {c_skip, c_out}
     */
    public static double[] skipAndOutScale(PathPoint p, LinearTarget target) {
        Combination toX0 = convert(p, target, LinearTarget.X0);
        return new double[] {toX0.onX() * p.alpha(), toX0.onOther()};
    }

    /**
     * Factor k with (wanted - wanted*) = k (known - known*) at fixed x_t: squared, it converts a squared
     * error (and so a loss weight) between targets.
     */
    public static double errorScale(PathPoint p, LinearTarget known, LinearTarget wanted) {
        return convert(p, known, wanted).onOther();
    }
}
