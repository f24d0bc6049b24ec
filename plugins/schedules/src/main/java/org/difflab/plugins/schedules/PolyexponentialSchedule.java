package org.difflab.plugins.schedules;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.math.Ramp;
import org.difflab.api.sampling.NoiseLevelSchedule;
import org.pf4j.Extension;

/**
 * k-diffusion's polyexponential noise levels (get_sigmas_polyexponential): with r_i = (1 - i/(N-1))^rho,
 * <pre>  sigma_i = exp(r_i (ln sigma_max - ln sigma_min) + ln sigma_min),   i = 0..N-1,</pre>
 * then the final time tMin. rho = 1 is the geometric (log-SNR-uniform) grid; rho &gt; 1 puts more steps at low
 * noise. The range is the options' or the process's sampling range.
 */
@Extension
@Component(id = "polyexponential", summary = "k-diffusion's polyexponential noise levels with exponent rho")
public final class PolyexponentialSchedule extends NoiseLevelSchedule {

    /** Options of {@link PolyexponentialSchedule}. */
    public record Options(
            @Param(doc = "number of steps N (N noise levels, then the final step)", defaultValue = "18",
                    min = 1) int steps,
            @Param(doc = "exponent rho of the ramp in log noise level; 1 is geometric", defaultValue = "1",
                    min = 0, exclusiveMin = true) double rho,
            @Param(doc = "smallest noise level (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMin,
            @Param(doc = "largest noise level (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMax) {}

    private final double rho;

    /** A polyexponential grid. */
    public PolyexponentialSchedule(Options options) {
        super(options.steps(), options.sigmaMin(), options.sigmaMax());
        this.rho = options.rho();
    }

    @Override
    protected double[] noiseLevels(int steps, double sigmaMin, double sigmaMax) {
        double logMin = Math.log(sigmaMin);
        double logRange = Math.log(sigmaMax) - logMin;
        double[] levels = Ramp.linspace(1.0, 0.0, steps);
        for (int i = 0; i < steps; i++) {
            levels[i] = Math.exp(Math.pow(levels[i], rho) * logRange + logMin);
        }
        levels[0] = sigmaMax; // exact ends, free of the log/exp round trip
        if (steps > 1) {
            levels[steps - 1] = sigmaMin;
        }
        return levels;
    }
}
