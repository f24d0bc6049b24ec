package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Parameterization;
import org.difflab.api.math.Combination;
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

    /**
     * x0_hat as a network in this parameterization would lead to it, converting x0 to the target and back, but
     * with the two conversions composed into one linear map on (x_t, x0): one pass over the batch instead of two,
     * and still the parameterization's conversion (a wrong coefficient would not compose to the identity).
     */
    public NDArray denoise(NDArray x, PathPoint p) {
        LinearTarget target = parameterization.target(p);
        Combination there = Conversions.convert(p, LinearTarget.X0, target);
        Combination back = Conversions.convert(p, target, LinearTarget.X0);
        Combination roundTrip = new Combination(back.onX() + back.onOther() * there.onX(),
                back.onOther() * there.onOther());
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        return roundTrip.apply(flat, data.posteriorMean(flat, p)).reshape(x.getShape());
    }

    @Override
    public NDArray predict(NDArray x, PathPoint p) {
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        NDArray x0 = data.posteriorMean(flat, p);
        LinearTarget target = parameterization.target(p);
        return Conversions.convert(p, LinearTarget.X0, target).apply(flat, x0).reshape(x.getShape());
    }
}
