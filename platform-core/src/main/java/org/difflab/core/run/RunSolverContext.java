package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.Denoiser;
import org.difflab.api.sampling.SolverContext;

/** The context a solver gets for one batch. */
public record RunSolverContext(ForwardProcess process, Denoiser denoiser, Rng noise) implements SolverContext {

    @Override
    public NDArray gaussianLike(NDArray x) {
        return noise.normalLike(x);
    }
}
