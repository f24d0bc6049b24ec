package org.difflab.plugins.parameterizations;

import org.difflab.api.Component;
import org.difflab.api.Parameterization;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * The network predicts the probability-flow velocity dx_t/dt = alpha' x0 + sigma' eps: target
 * (alpha', sigma'), flow matching's regression target (Lipman et al. 2023; Liu et al. 2023). For rectified
 * flow (alpha = 1 - t, sigma = t) this is eps - x0 and x0 = x_t - t v; unlike eps it stays regular at
 * alpha = 0.
 */
@Extension
@Component(id = "velocity", summary = "flow-matching velocity: target alpha' x0 + sigma' eps")
public final class VelocityParameterization implements Parameterization {

    @Override
    public LinearTarget target(PathPoint p) {
        return LinearTarget.velocity(p);
    }
}
