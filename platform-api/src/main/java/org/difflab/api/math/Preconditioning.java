package org.difflab.api.math;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ConsistencyParameterization;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;

/**
 * EDM's four coefficients at one point of the path (Karras et al. 2022, eq. 7 and Table 1), in the process's
 * own coordinates: the denoiser of a network F is
 * <pre>  D(x_t) = skip x_t + out F(in x_t; noise).</pre>
 * skip and out follow from the parameterization's target a x0 + b eps by the 2x2 system of
 * {@link Conversions} (F estimates the target, D estimates x0); in and noise are the preconditioner's. In EDM's
 * scaled coordinate x~ = x_t / alpha the same coefficients read c_skip = skip alpha, c_out = out,
 * c_in = in alpha, c_noise = noise. Training, sampling and the exact model all use this one value.
 *
 * @param point the path point
 * @param target what F estimates there, a x0 + b eps
 * @param skip coefficient of x_t in D
 * @param out coefficient of F in D
 * @param in multiplier of x_t giving F's input
 * @param noise F's noise conditioning c_noise
 */
public record Preconditioning(PathPoint point, LinearTarget target, double skip, double out, double in,
        double noise) {

    /**
     * The coefficients at {@code point} for a network regressing {@code parameterization}'s target; for a
     * {@link ConsistencyParameterization}, the consistency function's (see {@link #consistency}).
     */
    public static Preconditioning at(PathPoint point, Parameterization parameterization,
            Preconditioner preconditioner) {
        if (parameterization instanceof ConsistencyParameterization consistency) {
            return consistency(point, consistency, preconditioner);
        }
        LinearTarget target = parameterization.target(point);
        Combination toX0 = Conversions.convert(point, target, LinearTarget.X0);
        return new Preconditioning(point, target, toX0.onX(), toX0.onOther(), preconditioner.inputScale(point),
                preconditioner.noiseInput(point));
    }

    /**
     * A consistency function's coefficients f = skip x_t + out F with skip = c_skip/alpha and out = c_out taken
     * from the parameterization directly, so that at sigma_min they are exactly 1/alpha and 0 (Song et al. 2023,
     * eq. 5's boundary condition; the route through the target would divide by c_out = 0). There F is not read;
     * the target is recorded as x0, which makes {@link #idealOutput} x0 and {@link #throughTarget} f = x~.
     */
    public static Preconditioning consistency(PathPoint point, ConsistencyParameterization parameterization,
            Preconditioner preconditioner) {
        double sigma = point.noiseLevel();
        double cSkip = parameterization.cSkip(sigma);
        double cOut = parameterization.cOut(sigma);
        LinearTarget target = cOut == 0.0 ? LinearTarget.X0 : parameterization.target(point);
        return new Preconditioning(point, target, cSkip / point.alpha(), cOut, preconditioner.inputScale(point),
                preconditioner.noiseInput(point));
    }

    /** D = skip x_t + out F: the denoiser from the network's output. */
    public NDArray denoised(NDArray x, NDArray networkOutput) {
        return x.mul(skip).add(networkOutput.mul(out));
    }

    /** The output a perfect network gives where the denoiser is x0: F* = (x0 - skip x_t) / out. */
    public NDArray idealOutput(NDArray x, NDArray x0) {
        return Conversions.convert(point, LinearTarget.X0, target).apply(x, x0);
    }

    /**
     * What the denoiser makes of a perfect network's output: D(F*) with F* = {@link #idealOutput}, the two
     * conversions composed into one linear map on (x_t, x0), so it costs one pass over the batch instead of two and
     * still goes through the parameterization (a wrong target coefficient would not compose to the identity).
     */
    public Combination throughTarget() {
        Combination there = Conversions.convert(point, LinearTarget.X0, target);
        return new Combination(skip + out * there.onX(), out * there.onOther());
    }

    /** EDM's c_skip, on the scaled sample x_t / alpha. */
    public double cSkip() {
        return skip * point.alpha();
    }

    /** EDM's c_out. */
    public double cOut() {
        return out;
    }

    /** EDM's c_in, on the scaled sample x_t / alpha. */
    public double cIn() {
        return in * point.alpha();
    }

    /** EDM's c_noise. */
    public double cNoise() {
        return noise;
    }
}
