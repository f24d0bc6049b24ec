package org.difflab.plugins.preconditioners;

import java.util.OptionalDouble;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * EDM's input preconditioning (Karras et al. 2022, Table 1): c_in = 1/sqrt(sigma^2 + sigma_data^2),
 * c_noise = ln(sigma)/4, with sigma the EDM noise level. In x_t coordinates c_in/alpha =
 * 1/sqrt(sigma_t^2 + alpha^2 sigma_data^2), finite even where alpha = 0.
 */
@Extension
@Component(id = "edm", summary = "EDM input scaling c_in = 1/sqrt(sigma^2+sigma_data^2), c_noise = ln(sigma)/4")
public final class EdmPreconditioner implements Preconditioner {

    /** Options of {@link EdmPreconditioner}. */
    public record Options(
            @Param(doc = "standard deviation of the data (per coordinate)", defaultValue = "0.5",
                    min = 0, exclusiveMin = true) double sigmaData) {}

    private final double sigmaData;

    /** EDM preconditioning for data of standard deviation sigma_data. */
    public EdmPreconditioner(Options options) {
        this.sigmaData = options.sigmaData();
    }

    @Override
    public double inputScale(PathPoint p) {
        return 1.0 / p.marginalStd(sigmaData);
    }

    @Override
    public double noiseInput(PathPoint p) {
        return 0.25 * Math.log(p.noiseLevel());
    }

    @Override
    public OptionalDouble sigmaData() {
        return OptionalDouble.of(sigmaData);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.UNIT_VARIANCE_INPUT);
    }
}
