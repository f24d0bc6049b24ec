package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;

/**
 * What samplers see of a model, trained or exact: the estimate x0_hat(x_t, t) = E[x0 | x_t]. Solvers
 * derive eps_hat, the score and the velocity from it with {@link org.difflab.api.math.Conversions}.
 */
@FunctionalInterface
public interface Denoiser {

    /**
     * @param x noisy samples at time t, shape [batch, ...]
     * @param t the process time, shared by the batch
     * @return x0_hat, same shape and type as x
     */
    NDArray denoise(NDArray x, double t);
}
