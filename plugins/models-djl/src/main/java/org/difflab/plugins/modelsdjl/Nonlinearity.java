package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;

/**
 * The pointwise nonlinearity between layers (the {@code activation} option). Spelled {@code silu}, {@code gelu},
 * {@code relu} in specs.
 *
 * <p>Cost: DJL 0.35.1 exposes no native SiLU, so SiLU is two ops forward (sigmoid, multiply) and four elementwise
 * kernels backward; GELU and ReLU are one fused op each way. On a 256-wide MLP at batch 4096 that difference is
 * a visible share of a CPU training step: choose gelu where throughput matters more than matching a reference
 * network.
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
            // Two native ops (sigmoid, multiply): DJL's swish(x, beta) would add a third (x * beta).
            case SILU -> x.mul(x.getNDArrayInternal().sigmoid());
            case GELU -> x.getNDArrayInternal().gelu();
            case RELU -> x.getNDArrayInternal().relu();
        };
    }
}
