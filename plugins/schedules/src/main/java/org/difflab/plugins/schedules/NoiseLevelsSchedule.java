package org.difflab.plugins.schedules;

import java.util.Arrays;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.TimestepSchedule;
import org.pf4j.Extension;

/**
 * A grid given as its noise levels sigma_0 &gt; ... &gt; sigma_{N-1} (EDM's sigma/alpha), each mapped to the process's
 * time with {@link ForwardProcess#timeAtNoiseLevel}, then the final time tMin: N steps. For multistep consistency
 * sampling the levels are Song et al.'s (2023, Algorithm 1) T, tau_1, ..., tau_{N-1}, e.g. [80, 0.661] (their
 * two-step CIFAR-10 CD levels are 80 and 0.821).
 */
@Extension
@Component(id = "noise-levels", summary = "the grid given as its noise levels [sigma_0, ..., sigma_{N-1}], then tMin",
        example = "{levels: [10.0, 1.0, 0.1]}")
public final class NoiseLevelsSchedule implements TimestepSchedule {

    /** Options of {@link NoiseLevelsSchedule}. */
    public record Options(
            @Param(doc = "noise levels, strictly decreasing and > 0, e.g. [80, 0.8]; one step each", min = 0,
                    exclusiveMin = true) double[] levels) {
        public Options {
            if (levels == null || levels.length == 0) {
                throw new InvalidOptionException("levels", "give at least one noise level, e.g. [80] (one step)"
                        + " or [80, 0.8]");
            }
            for (int i = 0; i < levels.length; i++) {
                if (!(levels[i] > 0) || !Double.isFinite(levels[i])) {
                    throw new InvalidOptionException("levels", "levels[" + i + "] = " + levels[i]
                            + "; noise levels are finite numbers > 0");
                }
                if (i > 0 && !(levels[i] < levels[i - 1])) {
                    throw new InvalidOptionException("levels", "levels must decrease strictly: levels[" + (i - 1)
                            + "] = " + levels[i - 1] + ", levels[" + i + "] = " + levels[i]);
                }
            }
            levels = levels.clone();
        }
    }

    private final double[] levels;

    /** The grid through the given noise levels. */
    public NoiseLevelsSchedule(Options options) {
        this.levels = options.levels();
    }

    @Override
    public double[] times(ForwardProcess process) {
        double[] times = new double[levels.length + 1];
        for (int i = 0; i < levels.length; i++) {
            try {
                times[i] = process.timeAtNoiseLevel(levels[i]);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("levels", "levels[" + i + "] = " + levels[i]
                        + " is outside this process's noise levels: " + e.getMessage());
            }
        }
        times[levels.length] = process.tMin();
        if (!(times[levels.length - 1] > times[levels.length])) {
            throw new InvalidOptionException("levels", "the last level " + levels[levels.length - 1]
                    + " is the process's final noise level; give levels above it");
        }
        return times;
    }

    @Override
    public String toString() {
        return "noise-levels" + Arrays.toString(levels);
    }
}
