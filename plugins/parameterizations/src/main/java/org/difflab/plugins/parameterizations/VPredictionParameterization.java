package org.difflab.plugins.parameterizations;

import org.difflab.api.Component;
import org.difflab.api.Parameterization;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * v-prediction: target v = alpha eps - sigma x0, i.e. (a, b) = (-sigma, alpha) (Salimans &amp; Ho 2022,
 * "Progressive distillation", section 4). On a variance-preserving path (alpha^2 + sigma^2 = 1) it gives
 * x0 = alpha x_t - sigma v, and is regular at both ends of the path (det = alpha^2 + sigma^2 &gt; 0).
 */
@Extension
@Component(id = "v", summary = "v-prediction (Salimans & Ho 2022): target alpha eps - sigma x0")
public final class VPredictionParameterization implements Parameterization {

    @Override
    public LinearTarget target(PathPoint p) {
        return new LinearTarget(-p.sigma(), p.alpha());
    }
}
