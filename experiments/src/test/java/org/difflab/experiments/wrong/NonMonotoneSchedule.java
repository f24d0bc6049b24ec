package org.difflab.experiments.wrong;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.sampling.NoiseLevelSchedule;
import org.pf4j.Extension;

/** Noise levels geometric from sigma_max to sigma_min, but with the second and third levels swapped. */
@Extension
@Component(id = "non-monotone", summary = "WRONG on purpose: geometric noise levels with two entries swapped")
public final class NonMonotoneSchedule extends NoiseLevelSchedule {

    /** Options of {@link NonMonotoneSchedule}. */
    public record Options(@Param(doc = "number of steps", defaultValue = "18", min = 1) int steps) {}

    /** The schedule. */
    public NonMonotoneSchedule(Options options) {
        super(options.steps(), null, null);
    }

    @Override
    protected double[] noiseLevels(int steps, double sigmaMin, double sigmaMax) {
        double[] levels = new double[steps];
        for (int i = 0; i < steps; i++) {
            levels[i] = sigmaMax * Math.pow(sigmaMin / sigmaMax, steps == 1 ? 0 : (double) i / (steps - 1));
        }
        if (steps >= 3) {   // the mistake
            double swap = levels[1];
            levels[1] = levels[2];
            levels[2] = swap;
        }
        return levels;
    }
}
