package org.difflab.plugins.parameterizations;

import org.difflab.api.Component;
import org.difflab.api.ConsistencyParameterization;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * The consistency function of Song et al. (2023, Appendix C, eq. 17; openai/consistency_models
 * get_scalings_for_boundary_condition): EDM's skip connection shifted to vanish at sigma_min,
 * <pre>  c_skip = sigma_data^2 / ((sigma - sigma_min)^2 + sigma_data^2),
 *   c_out  = (sigma - sigma_min) sigma_data / sqrt(sigma_data^2 + sigma^2),</pre>
 * so c_skip(sigma_min) = 1 and c_out(sigma_min) = 0 exactly (x/x and 0 times a finite number in floating point).
 * Used with EDM's input scaling ({@code preconditioner: edm}) as in the paper; improved CT (Song &amp; Dhariwal
 * 2023) keeps these scalings.
 */
@Extension
@Component(id = "consistency", summary = "consistency function (Song et al. 2023): f = c_skip x + c_out F, f(x, sigma_min) = x")
public final class ConsistencyEdmParameterization implements ConsistencyParameterization {

    /** Options of {@link ConsistencyEdmParameterization}. */
    public record Options(
            @Param(doc = "standard deviation of the data (per coordinate)", defaultValue = "0.5", min = 0,
                    exclusiveMin = true) double sigmaData,
            @Param(doc = "noise level of the boundary condition f(x, sigma_min) = x (Song et al.'s epsilon)",
                    defaultValue = "0.002", min = 0, exclusiveMin = true) double sigmaMin) {
        public Options {
            if (!(sigmaData > 0) || Double.isInfinite(sigmaData)) {
                throw new InvalidOptionException("sigma_data", "sigma_data must be a finite number > 0, got "
                        + sigmaData);
            }
            if (!(sigmaMin > 0) || Double.isInfinite(sigmaMin)) {
                throw new InvalidOptionException("sigma_min", "sigma_min must be a finite number > 0, got "
                        + sigmaMin);
            }
        }
    }

    private final double sigmaData;
    private final double sigmaMin;

    /** The consistency scalings for data of standard deviation sigma_data and boundary sigma_min. */
    public ConsistencyEdmParameterization(Options options) {
        this.sigmaData = options.sigmaData();
        this.sigmaMin = options.sigmaMin();
    }

    @Override
    public double sigmaMin() {
        return sigmaMin;
    }

    @Override
    public double cSkip(double sigma) {
        double shifted = sigma - sigmaMin;
        return sigmaData * sigmaData / (shifted * shifted + sigmaData * sigmaData);
    }

    @Override
    public double cOut(double sigma) {
        return (sigma - sigmaMin) * sigmaData / Math.sqrt(sigmaData * sigmaData + sigma * sigma);
    }

    @Override
    public String toString() {
        return "consistency[sigma_data=" + sigmaData + ", sigma_min=" + sigmaMin + "]";
    }
}
