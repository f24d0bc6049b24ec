package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ForwardProcess;

/**
 * What the platform integrates with: the process, the model as a denoiser, and seeded Gaussian noise. The
 * {@link Integrator} hands solvers only guarded, counted access to it through {@link Step}.
 */
public interface SolverContext {

    /** The forward process whose reverse is integrated. */
    ForwardProcess process();

    /** The model, as x0_hat(x, t). */
    Denoiser denoiser();

    /** Fresh N(0, I) draws shaped and typed like {@code x}, deterministic for the run's seed. */
    NDArray gaussianLike(NDArray x);
}
