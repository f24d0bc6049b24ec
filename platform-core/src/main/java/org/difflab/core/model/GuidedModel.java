package org.difflab.core.model;

import ai.djl.ndarray.NDArray;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.sampling.Denoiser;

/**
 * The run's model as the solver's denoiser is made from it: guidance applied, every model evaluation counted.
 *
 * @param denoiser the guided denoiser
 * @param counter its model evaluations
 */
public record GuidedModel(ConditionalDenoiser denoiser, CountedModel.Counter counter) {

    /** The denoiser a solver sees for a batch whose samples have {@code condition}. */
    public Denoiser forBatch(Condition condition) {
        return (NDArray x, double t) -> denoiser.denoise(x, t, condition);
    }
}
