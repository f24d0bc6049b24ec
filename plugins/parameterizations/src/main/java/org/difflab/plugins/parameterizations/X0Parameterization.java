package org.difflab.plugins.parameterizations;

import org.difflab.api.Component;
import org.difflab.api.Parameterization;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * The network predicts the clean data x0 directly (a denoiser): target (a, b) = (1, 0), so c_skip = 0 and
 * c_out = 1 in EDM's terms. Singular only where sigma = 0.
 */
@Extension
@Component(id = "x0", summary = "data prediction: target x0, i.e. (a, b) = (1, 0)")
public final class X0Parameterization implements Parameterization {

    @Override
    public LinearTarget target(PathPoint p) {
        return LinearTarget.X0;
    }
}
