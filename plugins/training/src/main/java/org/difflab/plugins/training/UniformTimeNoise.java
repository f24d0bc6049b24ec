package org.difflab.plugins.training;

import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.Param;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * t ~ U(t_min, t_max) in the process's own time: score SDE's and EDM's VP training (t ~ U(eps_t, 1), Song et
 * al. 2021; Karras et al. 2022, Table 1 with eps_t = 1e-5) and conditional flow matching (t ~ U(0, 1)).
 *
 * <p>Defaults: t_min = process.samplingEnd() and t_max = process.samplingStart(), the interval where a sampler
 * evaluates the denoiser (VP: [1e-3, 1]; rectified flow: [1e-3, 1]; EDM's process: [0.002, 80], i.e. uniform
 * in sigma). Give t_min: 1e-5 for EDM's VP recipe, t_min: 0 for flow matching's U(0, 1). Both ends must lie
 * in [tMin, tMax]. CDF: (t - t_min)/(t_max - t_min) on [t_min, t_max].
 */
@Extension
@Component(id = "uniform-time", summary = "t ~ U(t_min, t_max); defaults: the process's sampling range")
public final class UniformTimeNoise implements NoiseDistribution {

    /** Options of {@link UniformTimeNoise}. */
    public record Options(
            @Param(doc = "lower end of the time interval (default: process.samplingEnd(), e.g. 1e-3 for VP)",
                    min = 0) Double tMin,
            @Param(doc = "upper end of the time interval (default: process.samplingStart(), e.g. 1)", min = 0,
                    exclusiveMin = true) Double tMax) {
        public Options {
            if (tMin != null && tMax != null && !(tMin < tMax)) {
                throw new InvalidOptionException("t_min", "t_min (" + tMin + ") must be below t_max (" + tMax + ")");
            }
        }
    }

    private final Double tMin;
    private final Double tMax;

    /** A uniform distribution of time. */
    public UniformTimeNoise(Options options) {
        this.tMin = options.tMin();
        this.tMax = options.tMax();
    }

    /** The interval for {@code process}, checked against its time range. */
    TimeRange interval(ForwardProcess process) {
        double lo = tMin != null ? tMin : process.samplingEnd();
        double hi = tMax != null ? tMax : process.samplingStart();
        if (lo < process.tMin()) {
            throw new InvalidOptionException("t_min", "t_min = " + lo + " is below the process's tMin = "
                    + process.tMin());
        }
        if (!(hi <= process.tMax()) || !Double.isFinite(hi)) {
            throw new InvalidOptionException("t_max", "t_max = " + hi + " is not a finite time inside the"
                    + " process's range (tMax = " + process.tMax() + ")");
        }
        if (!(lo < hi)) {
            throw new InvalidOptionException("t_min", "t_min (" + lo + ") must be below t_max (" + hi + ")");
        }
        return new TimeRange(lo, hi);
    }

    @Override
    public double sampleTime(Rng rng, ForwardProcess process) {
        return interval(process).at(rng.nextDouble());
    }

    @Override
    public Optional<DoubleUnaryOperator> timeCdf(ForwardProcess process) {
        TimeRange range = interval(process);
        return Optional.of(t -> Math.max(0.0, Math.min(1.0, range.fraction(t))));
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CLOSED_FORM_CDF);
    }

    @Override
    public String toString() {
        return "uniform-time[t_min=" + tMin + ", t_max=" + tMax + "]";
    }
}
