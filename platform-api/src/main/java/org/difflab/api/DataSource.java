package org.difflab.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.difflab.api.math.Rng;

/**
 * Training data: draws of x0 and, where the distribution is known in closed form, its density and exact
 * denoiser (a Gaussian mixture). Data are in float64.
 *
 * <p>Contract: draws have {@link #sampleShape()}; an exact denoiser, where offered, equals the Monte-Carlo
 * posterior mean.
 */
public interface DataSource extends Pluggable {

    /** Shape of one sample, without the batch axis (e.g. [2], or [1, 28, 28]). */
    Shape sampleShape();

    /** {@code n} draws, float64, shape [n, ...sampleShape], determined by {@code rng}. */
    NDArray sample(NDManager manager, int n, Rng rng);

    /** The closed-form distribution, if known (gives {@code model: {type: exact}} and exact_nll). */
    default Optional<ClosedFormData> closedForm() {
        return Optional.empty();
    }
}
