package org.difflab.plugins.schedules;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.sampling.NoiseLevelSchedule;
import org.difflab.api.sampling.NoiseLevels;
import org.pf4j.Extension;

/**
 * EDM's rho schedule (Karras et al. 2022, eq. 5):
 * sigma_i = (sigma_max^(1/rho) + i/(N-1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho, i = 0..N-1,
 * followed by the final step to the process's data end.
 */
@Extension
@Component(id = "karras", summary = "Karras et al. (2022) rho schedule in noise level, then a final step to zero")
public final class KarrasSchedule extends NoiseLevelSchedule {

    /** Options of {@link KarrasSchedule}. */
    public record Options(
            @Param(doc = "number of steps N (N noise levels, then the final step)", defaultValue = "18",
                    min = 1) int steps,
            @Param(doc = "exponent rho; larger concentrates steps at low noise", defaultValue = "7",
                    min = 0, exclusiveMin = true) double rho,
            @Param(doc = "smallest noise level (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMin,
            @Param(doc = "largest noise level (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMax) {}

    private final double rho;

    /** A rho schedule. */
    public KarrasSchedule(Options options) {
        super(options.steps(), options.sigmaMin(), options.sigmaMax());
        this.rho = options.rho();
    }

    @Override
    protected double[] noiseLevels(int steps, double sigmaMin, double sigmaMax) {
        return NoiseLevels.karras(steps, sigmaMin, sigmaMax, rho);
    }
}
