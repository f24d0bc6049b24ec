package org.difflab.api;

import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;

/**
 * A consistency model's output map (Song et al. 2023, section 3 and Appendix C): the consistency function
 * <pre>  f(x, sigma) = c_skip(sigma) x~ + c_out(sigma) F(c_in x~; c_noise),   x~ = x_t / alpha,</pre>
 * with c_skip(sigma_min) = 1 and c_out(sigma_min) = 0 exactly, so that f(x, sigma_min) = x~ whatever the network
 * outputs (the boundary condition). sigma is EDM's noise level sigma_t/alpha. f estimates the endpoint of the
 * probability-flow ODE through x_t, not the posterior mean, so a network trained this way is sampled with the
 * {@code consistency} solver, not with an ODE solver.
 *
 * <p>{@link org.difflab.api.math.Preconditioning#at} takes skip = c_skip/alpha and out = c_out from here directly
 * (not through the target, which is singular at sigma_min); c_in and c_noise still come from the run's
 * {@link Preconditioner}.
 *
 * <p>Contract: c_skip(sigma_min) == 1 and c_out(sigma_min) == 0 exactly; above sigma_min c_out != 0 and the
 * target agrees with (c_skip, c_out).
 */
public interface ConsistencyParameterization extends Parameterization {

    /** The noise level of the boundary condition, Song et al.'s epsilon. */
    double sigmaMin();

    /** c_skip at noise level sigma (on x~ = x_t / alpha). */
    double cSkip(double sigma);

    /** c_out at noise level sigma. */
    double cOut(double sigma);

    /**
     * What F estimates where f estimates x0, above sigma_min: F = (x0 - c_skip x~)/c_out with x~ = x0 + sigma eps,
     * i.e. a = (1 - c_skip)/c_out, b = -c_skip sigma/c_out in the noise level sigma. Needs a finite noise level.
     *
     * @throws ArithmeticException at or below sigma_min (where F is not read, c_out = 0) or where alpha = 0
     */
    @Override
    default LinearTarget target(PathPoint p) {
        double sigma = p.noiseLevel();
        if (!(sigma > sigmaMin()) || Double.isInfinite(sigma)) {
            throw new ArithmeticException("a consistency function's network has no target at noise level " + sigma
                    + " (t=" + p.t() + "): it is defined on (sigma_min = " + sigmaMin() + ", inf)");
        }
        double cSkip = cSkip(sigma);
        double cOut = cOut(sigma);
        return new LinearTarget((1.0 - cSkip) / cOut, -cSkip * sigma / cOut);
    }
}
