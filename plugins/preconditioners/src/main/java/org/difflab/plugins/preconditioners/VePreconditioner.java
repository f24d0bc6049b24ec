package org.difflab.plugins.preconditioners;

import org.difflab.api.Component;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * The VE column of Karras et al. (2022), Table 1 (NVlabs/edm VEPrecond): c_in = 1, c_noise = ln(sigma/2), with
 * sigma the EDM noise level sigma_t/alpha. In x_t coordinates {@link #inputScale} = c_in/alpha = 1/alpha: 1 on VE
 * processes, +infinity where alpha = 0 (a VE network cannot be fed a flow-matching path's pure-noise end).
 */
@Extension
@Component(id = "ve", summary = "EDM Table 1 VE: c_in = 1, c_noise = ln(sigma/2)")
public final class VePreconditioner implements Preconditioner {

    /** VE preconditioning; it has no options. */
    public VePreconditioner() {}

    @Override
    public double inputScale(PathPoint p) {
        return 1.0 / p.alpha();
    }

    @Override
    public double noiseInput(PathPoint p) {
        return Math.log(0.5 * p.noiseLevel());
    }
}
