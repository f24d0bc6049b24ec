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
 * ln sigma ~ U(ln sigma_min, ln sigma_max) for the noise level sigma = sigma_t/alpha, mapped to time by
 * {@link ForwardProcess#timeAtNoiseLevel}: EDM's VE training (Karras et al. 2022, Table 1, VELoss with
 * sigma_min = 0.02, sigma_max = 100).
 *
 * <p>Defaults: the process's sampling range, sigma_min = noiseLevel(samplingEnd) and sigma_max =
 * noiseLevel(samplingStart) (EDM's process: [0.002, 80]); give sigma_min: 0.02, sigma_max: 100 for EDM's VE
 * recipe. A process whose noise level is infinite where sampling starts (rectified flow) needs sigma_max.
 * CDF of the drawn time: (ln noiseLevel(t) - ln sigma_min)/(ln sigma_max - ln sigma_min) on the interval.
 */
@Extension
@Component(id = "log-uniform", summary = "ln sigma ~ U(ln sigma_min, ln sigma_max) (EDM's VE training); defaults: the process's sampling range")
public final class LogUniformNoise implements NoiseDistribution {

    /** Options of {@link LogUniformNoise}. */
    public record Options(
            @Param(doc = "smallest noise level (default: the process's at samplingEnd)", min = 0, exclusiveMin = true)
            Double sigmaMin,
            @Param(doc = "largest noise level (default: the process's at samplingStart)", min = 0, exclusiveMin = true)
            Double sigmaMax) {
        public Options {
            if (sigmaMin != null && sigmaMax != null && !(sigmaMin < sigmaMax)) {
                throw new InvalidOptionException("sigma_min", "sigma_min (" + sigmaMin + ") must be below sigma_max ("
                        + sigmaMax + ")");
            }
        }
    }

    private final Double sigmaMin;
    private final Double sigmaMax;
    private ForwardProcess cachedProcess;
    private double[] cachedRange;

    /** A log-uniform distribution of the noise level. */
    public LogUniformNoise(Options options) {
        this.sigmaMin = options.sigmaMin();
        this.sigmaMax = options.sigmaMax();
    }

    /** {ln sigma_min, ln sigma_max} for {@code process}, checked to be reachable. */
    private synchronized double[] logRange(ForwardProcess process) {
        if (process != cachedProcess) {
            double lo = sigmaMin != null ? sigmaMin : process.noiseLevel(process.samplingEnd());
            double hi = sigmaMax != null ? sigmaMax : process.noiseLevel(process.samplingStart());
            if (!(lo > 0) || !Double.isFinite(lo)) {
                throw new InvalidOptionException("sigma_min", "sigma_min must be a finite noise level > 0; the"
                        + " process gives " + lo + " at its sampling end; set sigma_min");
            }
            if (!Double.isFinite(hi)) {
                throw new InvalidOptionException("sigma_max", "the process's noise level where sampling starts"
                        + " (t=" + process.samplingStart() + ") is infinite; set a finite sigma_max (e.g. 100)");
            }
            if (!(lo < hi)) {
                throw new InvalidOptionException("sigma_min", "sigma_min (" + lo + ") must be below sigma_max ("
                        + hi + ")");
            }
            reachable("sigma_min", lo, process);
            reachable("sigma_max", hi, process);
            cachedRange = new double[] {Math.log(lo), Math.log(hi)};
            cachedProcess = process;
        }
        return cachedRange;
    }

    private static void reachable(String key, double level, ForwardProcess process) {
        try {
            process.timeAtNoiseLevel(level);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(key, key + " = " + level + " is outside this process's noise levels: "
                    + e.getMessage());
        }
    }

    @Override
    public double sampleTime(Rng rng, ForwardProcess process) {
        double[] range = logRange(process);
        double lnSigma = range[0] + rng.nextDouble() * (range[1] - range[0]);
        return process.timeAtNoiseLevel(Math.exp(lnSigma));
    }

    @Override
    public Optional<DoubleUnaryOperator> timeCdf(ForwardProcess process) {
        double[] range = logRange(process);
        return Optional.of(t -> {
            double f = (Math.log(process.noiseLevel(t)) - range[0]) / (range[1] - range[0]);
            return Double.isNaN(f) ? (t <= process.tMin() ? 0.0 : 1.0) : Math.max(0.0, Math.min(1.0, f));
        });
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CLOSED_FORM_CDF);
    }

    @Override
    public String toString() {
        return "log-uniform[sigma_min=" + sigmaMin + ", sigma_max=" + sigmaMax + "]";
    }
}
