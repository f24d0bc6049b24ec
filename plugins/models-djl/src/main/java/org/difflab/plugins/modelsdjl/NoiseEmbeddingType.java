package org.difflab.plugins.modelsdjl;

/** How a network embeds c_noise; spelled {@code sinusoidal} or {@code fourier} in specs. */
public enum NoiseEmbeddingType {
    /** Fixed geometric frequencies (Vaswani et al. 2017; DDPM). */
    SINUSOIDAL,
    /** Fixed random Gaussian frequencies (Song et al. 2021, NCSN++). */
    FOURIER
}
