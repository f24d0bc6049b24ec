package org.difflab.plugins.schedules;

import org.difflab.api.math.IddpmNoiseLevels;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.sampling.NoiseLevelSchedule;
import org.pf4j.Extension;

/**
 * The iDDPM time discretization of Karras et al. (2022), Table 1, as EDM's ablation sampler computes it: keep the
 * entries of iDDPM's table u_0 &gt; ... &gt; u_M ({@link IddpmNoiseLevels}) with sigma_min &le; u_j &le; sigma_max,
 * and take the entries at indices round((len - 1)/(N - 1) i), i = 0..N-1 (rounding half to even, like torch),
 * then the final step to the process's tMin. The range is the options' or the process's sampling range. EDM's
 * paper writes the same grid with j_0 = 8 instead of the sigma_max filter; the filter is what its code runs.
 */
@Extension
@Component(id = "iddpm", summary = "EDM Table 1 iDDPM discretization: N evenly spaced entries of iDDPM's u_j table")
public final class IddpmSchedule extends NoiseLevelSchedule {

    /** Options of {@link IddpmSchedule}. */
    public record Options(
            @Param(doc = "number of steps N (N noise levels, then the final step)", defaultValue = "18",
                    min = 1) int steps,
            @Param(doc = "EDM's C_1: floor on abar_{j-1}/abar_j", defaultValue = "0.001", min = 0, max = 1,
                    exclusiveMin = true) double c1,
            @Param(doc = "EDM's C_2: offset of the cosine abar", defaultValue = "0.008", min = 0) double c2,
            @Param(doc = "EDM's M: the number of discrete DDPM time steps", defaultValue = "1000", min = 1) int m,
            @Param(doc = "smallest noise level (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMin,
            @Param(doc = "largest noise level (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMax) {}

    private final IddpmNoiseLevels table;

    /** An iDDPM discretization. */
    public IddpmSchedule(Options options) {
        super(options.steps(), options.sigmaMin(), options.sigmaMax());
        this.table = new IddpmNoiseLevels(options.m(), options.c1(), options.c2());
    }

    @Override
    protected double[] noiseLevels(int steps, double sigmaMin, double sigmaMax) {
        // u_j decreases in j, so the kept entries are a contiguous run first..last.
        int first = 0;
        while (first < table.size() && table.level(first) > sigmaMax) {
            first++;
        }
        int last = table.size() - 1;
        while (last >= 0 && table.level(last) < sigmaMin) {
            last--;
        }
        int kept = last - first + 1;
        if (kept < steps) {
            throw new InvalidOptionException("steps", "only " + Math.max(kept, 0) + " of iDDPM's noise levels lie in ["
                    + sigmaMin + ", " + sigmaMax + "]; use at most that many steps or widen the range");
        }
        double[] levels = new double[steps];
        for (int i = 0; i < steps; i++) {
            double position = steps == 1 ? 0.0 : (double) (kept - 1) / (steps - 1) * i;
            levels[i] = table.level(first + (int) Math.rint(position));
        }
        return levels;
    }
}
