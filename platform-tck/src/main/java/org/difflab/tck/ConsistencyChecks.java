package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.difflab.api.ConsistencyParameterization;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Preconditioning;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.NoiseLevels;
import org.difflab.tck.fixtures.ReferenceScaling;

/**
 * The contract of a {@link ConsistencyParameterization} (Song et al. 2023, eq. 5): the boundary condition
 * f(x, sigma_min) = x holds exactly, whatever the network outputs, through the platform's
 * {@link Preconditioning}; above sigma_min the target agrees with (c_skip, c_out). Checked in EDM's coordinates
 * (alpha = 1, t = sigma), where f is defined; the general parameterization checks do not apply (the target is
 * singular at sigma_min by design).
 */
public final class ConsistencyChecks {

    private ConsistencyChecks() {}

    /** Every check of {@code parameterization}. */
    public static List<Check> of(ConsistencyParameterization parameterization) {
        return List.of(
                new Check("consistency.boundary", "c_skip(sigma_min) == 1, c_out(sigma_min) == 0 and f(x, sigma_min)"
                        + " == x bit for bit for random x and any network output (float32 and float64)",
                        () -> boundary(parameterization)),
                new Check("consistency.target", "above sigma_min, (c_skip, c_out) recovered from the target through"
                        + " Conversions to 1e-9 relative", () -> target(parameterization)));
    }

    /** The EDM path point at noise level sigma: x_t = x0 + sigma eps. */
    static PathPoint edm(double sigma) {
        return new PathPoint(sigma, 1.0, sigma, 0.0, 1.0);
    }

    static Outcome boundary(ConsistencyParameterization parameterization) {
        double sigmaMin = parameterization.sigmaMin();
        double cSkip = parameterization.cSkip(sigmaMin);
        double cOut = parameterization.cOut(sigmaMin);
        if (cSkip != 1.0 || cOut != 0.0) {
            return Outcome.failed("at sigma_min = " + fmt(sigmaMin) + ": c_skip = " + cSkip + ", c_out = " + cOut
                    + "; the boundary condition needs exactly 1 and 0");
        }
        Preconditioning c = Preconditioning.at(edm(sigmaMin), parameterization, ReferenceScaling.PRECONDITIONER);
        Rng rng = new Rng(17);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                Shape shape = new Shape(64, 3);
                NDArray x = rng.normal(manager, shape, DataType.FLOAT64).mul(5).toType(type, false);
                // a network output of any size, also huge, must not leak into f
                NDArray output = rng.split(1).normal(manager, shape, DataType.FLOAT64).mul(1e30).toType(type, false);
                NDArray f = c.denoised(x, output);
                if (!f.contentEquals(x)) {
                    double worst = f.sub(x).abs().max().toType(DataType.FLOAT64, false).getDouble();
                    return Outcome.failed("f(x, sigma_min) differs from x by up to " + fmt(worst) + " in " + type
                            + " (skip = " + c.skip() + ", out = " + c.out() + ")");
                }
            }
        }
        return Outcome.passed("c_skip = 1, c_out = 0 and f(x, " + fmt(sigmaMin) + ") = x exactly in float32 and"
                + " float64");
    }

    static Outcome target(ConsistencyParameterization parameterization) {
        double worst = 0;
        for (double sigma : NoiseLevels.geometric(33, parameterization.sigmaMin() * 1.5, 80.0)) {
            PathPoint p = edm(sigma);
            LinearTarget target = parameterization.target(p);
            double[] skipOut = Conversions.skipAndOutScale(p, target);
            double cSkip = parameterization.cSkip(sigma);
            double cOut = parameterization.cOut(sigma);
            // a 2x2 solve: round-off ~1e-16 times the system's condition number (< 1e4 on this range)
            double error = Math.max(Math.abs(skipOut[0] - cSkip), Math.abs(skipOut[1] - cOut))
                    / Math.max(Math.abs(cSkip), Math.abs(cOut));
            if (!(error <= 1e-9)) {
                return Outcome.failed("at sigma = " + fmt(sigma) + " the target " + target + " gives (c_skip, c_out) ="
                        + " (" + skipOut[0] + ", " + skipOut[1] + "), the parameterization says (" + cSkip + ", "
                        + cOut + ")");
            }
            worst = Math.max(worst, error);
        }
        return Outcome.passed("largest relative difference " + fmt(worst) + " over 33 noise levels up to 80");
    }
}
