package org.difflab.plugins.training;

import org.difflab.api.math.Conversions;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;

/**
 * Moves loss weights between regression targets with {@link Conversions#errorScale}. At fixed x_t the errors of
 * two targets are proportional, (G - G*) = k (F - F*) with k = errorScale(F -&gt; G), so a weight lambda_G on
 * G's squared error is the weight lambda_G k^2 on F's. For a weighting defined on the denoiser error this is
 * lambda_x0 / errorScale(x0 -&gt; F)^2 = lambda_x0 errorScale(F -&gt; x0)^2: the second form is used, because it
 * needs only that F determines x0 (alpha b - sigma a != 0, the parameterization's own contract), while the
 * first also needs sigma != 0.
 */
final class ErrorSpaces {

    private ErrorSpaces() {}

    /** k^2 with (space - space*) = k (target - target*) at this point. */
    static double squaredScale(PathPoint p, LinearTarget target, LinearTarget space) {
        double k = Conversions.errorScale(p, target, space);
        return k * k;
    }

    /** The weight on the target's squared error equal to weight 1 on the denoiser (x0) error. */
    static double denoiser(PathPoint p, LinearTarget target) {
        return squaredScale(p, target, LinearTarget.X0);
    }

    /** The weight on the target's squared error equal to weight 1 on the noise (eps) error. */
    static double noise(PathPoint p, LinearTarget target) {
        return squaredScale(p, target, LinearTarget.EPS);
    }

    /**
     * Returns {@code weight} if finite and non-negative; otherwise explains where the weighting is singular.
     *
     * @throws ArithmeticException at a point where the weighting is undefined (e.g. sigma = 0)
     */
    static double checked(double weight, String weighting, PathPoint p) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new ArithmeticException("the " + weighting + " loss weighting is " + weight + " at t=" + p.t()
                    + " (alpha=" + p.alpha() + ", sigma=" + p.sigma() + "); draw training times inside the"
                    + " process's range where sigma > 0");
        }
        return weight;
    }
}
