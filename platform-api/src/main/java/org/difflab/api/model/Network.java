package org.difflab.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * An initialised network F of a {@link org.difflab.api.ModelArchitecture}, with its weights (float32). The
 * platform creates it; training objectives run it with gradients, and {@link NetworkDenoiser} wraps it as a
 * denoiser.
 */
public interface Network {

    /**
     * F(input; noise, condition).
     *
     * @param input the preconditioned sample in x_in = in * x_t, float32, [batch, ...]
     * @param noiseInput c_noise per example, float32, [batch]
     * @param condition the examples' conditions ({@link Condition#NONE} for an unconditional network)
     * @param training whether this is a training pass (records gradients where a collector is open)
     */
    NDArray forward(NDArray input, NDArray noiseInput, Condition condition, boolean training);

    /** The trainable weights by name, in the network's order (the arrays themselves, not copies). */
    Map<String, NDArray> parameters();

    /** Number of classes the network is conditioned on (0: unconditional). */
    int classes();

    /** The manager owning the weights; arrays created on it live as long as the network. */
    NDManager manager();

    /** Overwrites this network's weights with {@code other}'s (same architecture). */
    default void copyWeightsFrom(Network other) {
        Map<String, NDArray> source = other.parameters();
        parameters().forEach((name, target) -> source.get(name).copyTo(target));
    }
}
