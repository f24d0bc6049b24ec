package org.difflab.api;

import ai.djl.ndarray.NDArray;
import org.difflab.api.math.PathPoint;

/**
 * A data distribution known in closed form: its density and, for any affine path, the exact denoiser
 * E[x0 | x_t]. With it the probability-flow ODE is known exactly, so solver error can be measured with
 * no training error, and contract checks have an oracle.
 */
public interface ClosedFormData {

    /** Dimension of one sample (flattened). */
    int dims();

    /**
     * The exact denoiser E[x0 | x_t = x] at the path point p.
     *
     * @param x noisy samples, shape [batch, dims]
     * @return posterior means, same shape and data type as x
     */
    NDArray posteriorMean(NDArray x, PathPoint p);

    /** Natural-log density of the data at each row of {@code x} ([n][dims]). */
    double[] logDensity(double[][] x);
}
