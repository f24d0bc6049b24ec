package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Parameterization;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.difflab.api.sampling.Denoiser;

/** Turns a model's target output into x0_hat through the 2x2 system of {@link Conversions}. */
public final class TargetDenoiser implements Denoiser {

    private final TargetModel model;
    private final Parameterization parameterization;
    private final ForwardProcess process;

    /** A denoiser reading {@code model}'s output as {@code parameterization}'s target on {@code process}. */
    public TargetDenoiser(TargetModel model, Parameterization parameterization, ForwardProcess process) {
        this.model = model;
        this.parameterization = parameterization;
        this.process = process;
    }

    @Override
    public NDArray denoise(NDArray x, double t) {
        PathPoint p = PathPoint.of(process, t);
        if (model instanceof ExactTargetModel exact) {
            return exact.denoise(x, p);   // the same conversions, composed into one pass
        }
        NDArray target = model.predict(x, p);
        return Conversions.convert(p, parameterization.target(p), LinearTarget.X0).apply(x, target);
    }
}
