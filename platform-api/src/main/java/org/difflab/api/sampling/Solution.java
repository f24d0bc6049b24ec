package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;

/**
 * The result of one integration.
 *
 * @param x the state at the grid's final time
 * @param nfe denoiser evaluations made, as counted by the {@link Integrator}
 */
public record Solution(NDArray x, int nfe) {}
