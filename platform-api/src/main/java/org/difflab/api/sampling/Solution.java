package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;

/**
 * A solver's result.
 *
 * @param x the state at the grid's final time
 * @param nfe denoiser evaluations the solver made (it counts them itself; the platform checks the count)
 */
public record Solution(NDArray x, int nfe) {}
