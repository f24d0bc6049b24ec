package org.difflab.api;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * A DJL network F for a denoiser. Its forward input is {@code NDList(x_in, c_noise)} with x_in of shape
 * [batch, ...sampleShape] (already scaled by the preconditioner) and c_noise of shape [batch]; its output
 * has x_in's shape and estimates the parameterization's target.
 *
 * <p>Contract: output shape equals input shape; one optimizer step lowers the loss on a fixed batch;
 * saved parameters load back to identical outputs.
 */
public interface ModelArchitecture extends Pluggable {

    /** A new, uninitialised network for samples of shape {@code sampleShape} (without the batch axis). */
    Block build(Shape sampleShape);
}
