package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;

/**
 * The pointwise nonlinearity between layers (the {@code activation} option). Spelled {@code silu}, {@code gelu},
 * {@code relu} in specs.
 *
 * <p>Each is one fused native kernel forward and one backward; SiLU reaches PyTorch's through {@link NativeSilu}
 * (DJL 0.35.1 has no binding for it).
 */
public enum Nonlinearity {
    /** x sigmoid(x) (Elfwing et al. 2018; "swish"), the default of DDPM/NCSN++/EDM networks. */
    SILU,
    /** Gaussian error linear unit x Phi(x) (Hendrycks and Gimpel 2016), one fused native op. */
    GELU,
    /** max(x, 0). */
    RELU;

    /** Applies the nonlinearity; the result has x's shape and type. */
    public NDArray apply(NDArray x) {
        return switch (this) {
            case SILU -> NativeSilu.supports(x) ? NativeSilu.apply(x) : x.mul(x.getNDArrayInternal().sigmoid());
            case GELU -> x.getNDArrayInternal().gelu();
            case RELU -> x.getNDArrayInternal().relu();
        };
    }
}
