package org.difflab.plugins.training;

import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.LossWeighting;
import org.difflab.api.Param;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * EDM's weighting (Karras et al. 2022, Table 1 and eq. 8): lambda_x0 = (sigma^2 + sigma_data^2)/(sigma sigma_data)^2
 * on the denoiser error, sigma the noise level sigma_t/alpha. It is exactly 1/c_out^2, so on EDM's own target
 * F = (x0 - c_skip x~)/c_out the weight is lambda c_out^2 = 1 (k-diffusion's 'karras' weighting); on the eps
 * error it is 1 + sigma^2/sigma_data^2.
 *
 * <p>On the target (a, b): lambda_x0 = 1/sigma_data^2 + 1/sigma^2 and 1/sigma^2 = SNR, so the weight is
 * errorScale(target -&gt; x0)^2 / sigma_data^2 + errorScale(target -&gt; eps)^2, finite wherever the target
 * determines x0 (also at sigma = 0 and alpha = 0).
 */
@Extension
@Component(id = "edm", summary = "EDM: lambda(sigma) = (sigma^2 + sigma_data^2)/(sigma sigma_data)^2 on the denoiser error")
public final class EdmWeighting implements LossWeighting {

    /** Options of {@link EdmWeighting}. */
    public record Options(
            @Param(doc = "standard deviation of the data (per coordinate)", defaultValue = "0.5", min = 0,
                    exclusiveMin = true) double sigmaData) {
        public Options {
            if (!(sigmaData > 0) || Double.isInfinite(sigmaData)) {
                throw new InvalidOptionException("sigma_data", "sigma_data must be a finite number > 0, got "
                        + sigmaData);
            }
        }
    }

    private final double sigmaData;

    /** EDM weighting for data of standard deviation sigma_data. */
    public EdmWeighting(Options options) {
        this.sigmaData = options.sigmaData();
    }

    @Override
    public double weight(PathPoint p, LinearTarget target) {
        double w = ErrorSpaces.denoiser(p, target) / (sigmaData * sigmaData) + ErrorSpaces.noise(p, target);
        return ErrorSpaces.checked(w, "edm", p);
    }

    @Override
    public String toString() {
        return "edm[sigma_data=" + sigmaData + "]";
    }
}
