package org.difflab.plugins.parameterizations;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.Parameterization;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * EDM's network target F = (x0 - c_skip x~)/c_out with c_skip = sigma_d^2/(sigma^2 + sigma_d^2) and
 * c_out = sigma sigma_d / sqrt(sigma^2 + sigma_d^2) (Karras et al. 2022, eq. 8 and Table 1). As a target
 * a x0 + b eps with x~ = x0 + sigma eps this is
 * <pre>  a = sigma / (sigma_d sqrt(sigma^2 + sigma_d^2)),   b = -sigma_d / sqrt(sigma^2 + sigma_d^2),</pre>
 * computed here in x_t coordinates (sigma = sigma_t/alpha) so it stays finite where alpha = 0.
 */
@Extension
@Component(id = "edm", summary = "EDM's preconditioned target (x0 - c_skip x)/c_out for a given sigma_data")
public final class EdmParameterization implements Parameterization {

    /** Options of {@link EdmParameterization}. */
    public record Options(
            @Param(doc = "standard deviation of the data (per coordinate)", defaultValue = "0.5",
                    min = 0, exclusiveMin = true) double sigmaData) {}

    private final double sigmaData;

    /** The EDM target for data of standard deviation sigma_data. */
    public EdmParameterization(Options options) {
        this.sigmaData = options.sigmaData();
    }

    @Override
    public LinearTarget target(PathPoint p) {
        double norm = p.marginalStd(sigmaData);
        return new LinearTarget(p.sigma() / (sigmaData * norm), -p.alpha() * sigmaData / norm);
    }
}
