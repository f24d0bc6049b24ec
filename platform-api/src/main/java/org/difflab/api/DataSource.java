package org.difflab.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.difflab.api.math.Rng;

/**
 * Training data: draws of x0, optionally with class labels, and, where the distribution is known in closed
 * form, its density and exact denoiser (a Gaussian mixture). Data are in float64.
 *
 * <p>Contract: draws have {@link #sampleShape()}; labelled draws carry one label in [0, classes) per example
 * and their examples are the unlabelled draws of the same stream; an exact denoiser, where offered, equals the
 * Monte-Carlo posterior mean.
 */
public interface DataSource extends Pluggable {

    /** Shape of one sample, without the batch axis (e.g. [2], or [1, 28, 28]). */
    Shape sampleShape();

    /** {@code n} draws, float64, shape [n, ...sampleShape], determined by {@code rng}. */
    NDArray sample(NDManager manager, int n, Rng rng);

    /** Number of class labels the data carries; 0 for unlabelled data. */
    default int classes() {
        return 0;
    }

    /**
     * {@code n} draws with their labels (null labels for unlabelled data); the examples equal
     * {@link #sample}'s for the same {@code rng}.
     */
    default Labelled sampleLabelled(NDManager manager, int n, Rng rng) {
        return new Labelled(sample(manager, n, rng), null);
    }

    /** The class probabilities p(c) of the labels (length {@link #classes()}), if known; else empty. */
    default Optional<double[]> classWeights() {
        return Optional.empty();
    }

    /** The closed-form distribution, if known (gives {@code model: {type: exact}} and exact_nll). */
    default Optional<ClosedFormData> closedForm() {
        return Optional.empty();
    }

    /**
     * Labelled draws.
     *
     * @param x0 the examples, float64, [n, ...sampleShape]
     * @param labels one label in [0, classes) per example, or null for unlabelled data
     */
    record Labelled(NDArray x0, int[] labels) {}
}
