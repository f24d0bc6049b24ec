package org.difflab.plugins.preconditioners;

import org.difflab.api.Component;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * No input preconditioning: the network sees x_t itself (input scale 1) and is conditioned on the process
 * time t, as flow-matching networks are (Lipman et al. 2023: v_theta(x_t, t)).
 */
@Extension
@Component(id = "none", summary = "no input scaling (x_t as is); c_noise = the process time t")
public final class IdentityPreconditioner implements Preconditioner {

    @Override
    public double inputScale(PathPoint p) {
        return 1.0;
    }

    @Override
    public double noiseInput(PathPoint p) {
        return p.t();
    }
}
