package org.difflab.api.model;

import ai.djl.ndarray.NDArray;

/**
 * A model ready to evaluate: its denoiser x0_hat(x, t, c) and the native memory it holds (weights), freed by
 * {@link #close()}.
 */
public interface LoadedModel extends ConditionalDenoiser, AutoCloseable {

    /** A model holding no resources. */
    static LoadedModel of(ConditionalDenoiser denoiser) {
        return new LoadedModel() {
            @Override
            public NDArray denoise(NDArray x, double t, Condition condition) {
                return denoiser.denoise(x, t, condition);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    void close();
}
