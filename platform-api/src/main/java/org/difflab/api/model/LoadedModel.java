package org.difflab.api.model;

import ai.djl.ndarray.NDArray;
import org.difflab.api.math.Addend;
import org.difflab.api.math.Combination;
import org.difflab.api.sampling.Denoiser;

/**
 * A model ready to evaluate: its denoiser x0_hat(x, t, c) and the native memory it holds (weights), freed by
 * {@link #close()}.
 */
public interface LoadedModel extends ConditionalDenoiser, AutoCloseable {

    /** A model holding no resources (its {@link #combined} is the denoiser's own, folded or not). */
    static LoadedModel of(ConditionalDenoiser denoiser) {
        return new LoadedModel() {
            @Override
            public NDArray denoise(NDArray x, double t, Condition condition) {
                return denoiser.denoise(x, t, condition);
            }

            @Override
            public NDArray combined(NDArray x, double t, Condition condition, Combination map) {
                return denoiser.combined(x, t, condition, map);
            }

            @Override
            public NDArray combined(NDArray x, double t, Condition condition, Combination map, Addend plus) {
                return denoiser.combined(x, t, condition, map, plus);
            }

            @Override
            public Denoiser.Denoised denoisedAndCombined(NDArray x, double t, Condition condition, Combination map) {
                return denoiser.denoisedAndCombined(x, t, condition, map);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    void close();
}
