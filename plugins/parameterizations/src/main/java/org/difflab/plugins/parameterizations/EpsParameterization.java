package org.difflab.plugins.parameterizations;

import org.difflab.api.Component;
import org.difflab.api.Parameterization;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * The network predicts the noise eps: target (a, b) = (0, 1) (Ho et al. 2020, DDPM). It does not determine
 * x0 where alpha = 0 (e.g. flow matching's t = 1), where {@link org.difflab.api.math.Conversions} reports it
 * as singular. On alpha = 1 its EDM scalings are c_skip = 1, c_out = -sigma (Karras et al. 2022, Table 1,
 * VP column).
 */
@Extension
@Component(id = "eps", summary = "noise prediction: target eps, i.e. (a, b) = (0, 1)")
public final class EpsParameterization implements Parameterization {

    @Override
    public LinearTarget target(PathPoint p) {
        return LinearTarget.EPS;
    }
}
