package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Parameterization;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;

/**
 * The perfect network for a parameterization: it outputs the exact target E[a x0 + b eps | x_t], derived
 * from the closed-form posterior mean. Sampling through it exercises the same target-to-x0 conversion a
 * trained network goes through, so every parameterization must give the same samples.
 */
public final class ExactTargetModel implements TargetModel {

    private final ClosedFormData data;
    private final Parameterization parameterization;

    /** The exact model of {@code data} in {@code parameterization}. */
    public ExactTargetModel(ClosedFormData data, Parameterization parameterization) {
        this.data = data;
        this.parameterization = parameterization;
    }

    @Override
    public NDArray predict(NDArray x, PathPoint p) {
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        NDArray x0 = data.posteriorMean(flat, p);
        LinearTarget target = parameterization.target(p);
        return Conversions.convert(p, LinearTarget.X0, target).apply(flat, x0).reshape(x.getShape());
    }
}
