package org.difflab.api;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Optional;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.ModelSetting;

/**
 * A model that is a DJL network F the platform trains (a {@code training:} block) and saves; an earlier run's
 * trained weights are loaded with the {@code checkpoint} model. Its forward input is
 * {@code NDList(x_in, c_noise)} with x_in of shape [batch, ...sampleShape] (already scaled by the
 * preconditioner) and c_noise of shape [batch], plus, when built for {@code classes > 0}, a third array of
 * int32 class labels [batch] in [0, classes], where the value {@code classes} means "no label" (the null
 * class of classifier-free guidance). The output has x_in's shape and estimates the parameterization's
 * target; the platform turns it into x0_hat with {@link org.difflab.api.math.Preconditioning}.
 *
 * <p>Contract: output shape equals input shape; a gradient step lowers the loss on a fixed batch; saved
 * parameters load back to identical outputs; with classes, the label changes the output.
 */
public interface ModelArchitecture extends Model {

    /**
     * A new, uninitialised network for samples of shape {@code sampleShape} (without the batch axis).
     *
     * @param classes number of class labels the network is conditioned on, 0 for an unconditional network
     * @throws IllegalArgumentException if the architecture cannot take that shape
     */
    Block build(Shape sampleShape, int classes);

    /** A network is trained by a {@code training:} block; on its own it has no weights to sample with. */
    @Override
    default Optional<String> inapplicableTo(ModelSetting setting) {
        return Optional.of("this model is a network: give a training: block to train it, or sample an earlier"
                + " run's weights with model: {type: checkpoint, path: <run directory or model.npz>}");
    }

    @Override
    default LoadedModel load(ModelSetting setting) {
        throw new UnsupportedOperationException(inapplicableTo(setting).orElseThrow());
    }
}
