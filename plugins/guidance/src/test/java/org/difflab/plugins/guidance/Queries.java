package org.difflab.plugins.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;

/** Noisy points and labels the guidance tests query the labelled reference mixture's exact denoiser at. */
final class Queries {

    /** Labels of the 8 points, every class and one sample with none. */
    static final Condition LABELS = Condition.labels(0, 1, 2, 0, 1, 2, Condition.NO_LABEL, 1);

    private Queries() {}

    /** 8 points of the noisy data's scale at noise level {@code sigma} (reference data std about 1.2). */
    static NDArray points(NDManager manager, double sigma) {
        return new Rng(5).normal(manager, new Shape(8, 2), DataType.FLOAT64).mul(Math.hypot(1.2, sigma));
    }

    /** The largest absolute difference of two arrays. */
    static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getDouble();
    }
}
