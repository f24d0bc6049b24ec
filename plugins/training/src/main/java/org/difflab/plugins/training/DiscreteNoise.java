package org.difflab.plugins.training;

import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.Param;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * DDPM's discrete training index (Ho et al. 2020, Algorithm 1: t ~ Uniform({1, ..., T})): j uniform on
 * {1, ..., N}, drawn time t_j = lo + (j/N)(hi - lo) on the process's time range [lo, hi] (see
 * {@link TimeRange}; [0, 1] for the VP processes).
 *
 * <p>On {@code vp-discrete} with the same N, t_j = j/N is exactly the time (n + 1)/N of DDPM's 0-based index
 * n = j - 1, so j runs over all N training indices (n = 0..N-1) and never draws t = 0. On a continuous
 * process it is a uniform grid of N times. CDF: (number of j with t_j &le; t)/N, a step function.
 */
@Extension
@Component(id = "discrete", summary = "DDPM's index: t = j/N of the time range, j uniform on {1..N}")
public final class DiscreteNoise implements NoiseDistribution {

    /** Options of {@link DiscreteNoise}. */
    public record Options(
            @Param(doc = "number N of discrete times (DDPM: 1000; match vp-discrete's steps)", defaultValue = "1000",
                    min = 1) int steps) {}

    private final int steps;

    /** A uniform distribution over N discrete times. */
    public DiscreteNoise(Options options) {
        this.steps = options.steps();
    }

    /** t_j, computed the same way for draws and for the CDF. */
    private double atom(TimeRange range, int j) {
        return range.at((double) j / steps);
    }

    @Override
    public double sampleTime(Rng rng, ForwardProcess process) {
        return atom(TimeRange.of(process), 1 + rng.nextInt(steps));
    }

    @Override
    public Optional<DoubleUnaryOperator> timeCdf(ForwardProcess process) {
        TimeRange range = TimeRange.of(process);
        return Optional.of(t -> {
            // Start from the arithmetic guess, then settle it against the atoms themselves (round-off in j/N).
            double guess = Math.floor(range.fraction(t) * steps);
            int j = (int) Math.max(0, Math.min(steps, guess));
            while (j < steps && atom(range, j + 1) <= t) {
                j++;
            }
            while (j > 0 && atom(range, j) > t) {
                j--;
            }
            return (double) j / steps;
        });
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CLOSED_FORM_CDF);
    }

    @Override
    public String toString() {
        return "discrete[steps=" + steps + "]";
    }
}
