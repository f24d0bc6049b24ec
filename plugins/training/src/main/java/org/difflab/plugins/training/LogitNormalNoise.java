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
 * Logit-normal time (Esser et al. 2024, "Scaling rectified flow transformers", sec. 3.1; diffusers'
 * compute_density_for_timestep_sampling): u = sigmoid(m + s z), z ~ N(0, 1), scaled onto the process's time
 * range, t = lo + u (hi - lo) (see {@link TimeRange}; [0, 1] for rectified flow, so t = u: SD3's path
 * x_t = (1 - t) x0 + t eps has this platform's time direction, t = 0 data).
 *
 * <p>CDF: Phi((logit((t - lo)/(hi - lo)) - m)/s).
 */
@Extension
@Component(id = "logit-normal", summary = "SD3: t = sigmoid(N(m, s^2)) on the process's time range")
public final class LogitNormalNoise implements NoiseDistribution {

    /** Options of {@link LogitNormalNoise}. */
    public record Options(
            @Param(doc = "mean m of the normal before the sigmoid (SD3: 0)", defaultValue = "0") double logitMean,
            @Param(doc = "standard deviation s of the normal before the sigmoid (SD3: 1)", defaultValue = "1", min = 0,
                    exclusiveMin = true) double logitStd) {
        public Options {
            if (!Double.isFinite(logitMean)) {
                throw new InvalidOptionException("logit_mean", "logit_mean must be finite, got " + logitMean);
            }
            if (!(logitStd > 0) || Double.isInfinite(logitStd)) {
                throw new InvalidOptionException("logit_std", "logit_std must be a finite number > 0, got " + logitStd);
            }
        }
    }

    private final double mean;
    private final double std;

    /** A logit-normal distribution of time. */
    public LogitNormalNoise(Options options) {
        this.mean = options.logitMean();
        this.std = options.logitStd();
    }

    @Override
    public double sampleTime(Rng rng, ForwardProcess process) {
        double x = mean + std * rng.nextGaussian();
        return TimeRange.of(process).at(1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    public Optional<DoubleUnaryOperator> timeCdf(ForwardProcess process) {
        TimeRange range = TimeRange.of(process);
        return Optional.of(t -> {
            double u = range.fraction(t);
            if (u <= 0) {
                return 0.0;
            }
            if (u >= 1) {
                return 1.0;
            }
            return StandardNormal.cdf((Math.log(u / (1.0 - u)) - mean) / std);
        });
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CLOSED_FORM_CDF);
    }

    @Override
    public String toString() {
        return "logit-normal[logit_mean=" + mean + ", logit_std=" + std + "]";
    }
}
