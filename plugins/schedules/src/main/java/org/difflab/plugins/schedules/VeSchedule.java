package org.difflab.plugins.schedules;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.sampling.NoiseLevelSchedule;
import org.difflab.api.sampling.NoiseLevels;
import org.pf4j.Extension;

/**
 * The VE time discretization of Karras et al. (2022), Table 1, VE column: in EDM's VE time t = sigma^2,
 * t_i = sigma_max^2 (sigma_min^2/sigma_max^2)^{i/(N-1)}, i.e. noise levels geometric between sigma_max and sigma_min:
 * <pre>  sigma_i = sigma_max (sigma_min/sigma_max)^{i/(N-1)},   i = 0..N-1,</pre>
 * then the final step to the process's tMin. (The same levels as score SDE's VE grid and as a grid uniform in
 * log-SNR.) The range is the options' or, by default, the process's sampling range.
 */
@Extension
@Component(id = "ve", summary = "EDM Table 1 VE discretization: noise levels geometric from sigma_max to sigma_min")
public final class VeSchedule extends NoiseLevelSchedule {

    /** Options of {@link VeSchedule}. */
    public record Options(
            @Param(doc = "number of steps N (N noise levels, then the final step)", defaultValue = "18",
                    min = 1) int steps,
            @Param(doc = "smallest noise level (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMin,
            @Param(doc = "largest noise level (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMax) {}

    /** A VE discretization. */
    public VeSchedule(Options options) {
        super(options.steps(), options.sigmaMin(), options.sigmaMax());
    }

    @Override
    protected double[] noiseLevels(int steps, double sigmaMin, double sigmaMax) {
        return NoiseLevels.geometric(steps, sigmaMin, sigmaMax);   // geometric in sigma (EDM Table 1, VE)
    }
}
