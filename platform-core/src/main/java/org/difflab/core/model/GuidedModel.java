package org.difflab.core.model;

import ai.djl.ndarray.NDArray;
import org.difflab.api.math.Addend;
import org.difflab.api.math.Combination;
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

    /**
     * The denoiser a solver sees for a batch whose samples have {@code condition}; its combinations are the guided
     * denoiser's own (folded into the model's last operation where the guidance passes them on, as none does).
     */
    public Denoiser forBatch(Condition condition) {
        return new Denoiser() {
            @Override
            public NDArray denoise(NDArray x, double t) {
                return denoiser.denoise(x, t, condition);
            }

            @Override
            public NDArray combined(NDArray x, double t, Combination map) {
                return denoiser.combined(x, t, condition, map);
            }

            @Override
            public NDArray combined(NDArray x, double t, Combination map, Addend plus) {
                return denoiser.combined(x, t, condition, map, plus);
            }

            @Override
            public Denoised denoisedAndCombined(NDArray x, double t, Combination map) {
                return denoiser.denoisedAndCombined(x, t, condition, map);
            }
        };
    }
}
