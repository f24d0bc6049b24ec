package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;

/** The pointwise nonlinearity between layers. Spelled {@code silu}, {@code gelu}, {@code relu} in specs. */
public enum Activation {
    /** x sigmoid(x) (Elfwing et al. 2018; "swish"), the default of DDPM/NCSN++/EDM networks. */
    SILU,
    /** Gaussian error linear unit x Phi(x) (Hendrycks and Gimpel 2016), one fused native op. */
    GELU,
    /** max(x, 0). */
    RELU;

    /** Applies the nonlinearity; the result has x's shape and type. */
    public NDArray apply(NDArray x) {
        return switch (this) {
            // Two native ops (sigmoid, multiply): DJL's swish(x, beta) would add a third (x * beta).
            case SILU -> x.mul(x.getNDArrayInternal().sigmoid());
            case GELU -> x.getNDArrayInternal().gelu();
            case RELU -> x.getNDArrayInternal().relu();
        };
    }
}
