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
 * EDM's training distribution (Karras et al. 2022, Table 1, p_train): ln sigma ~ N(p_mean, p_std^2) for the
 * noise level sigma = sigma_t/alpha, mapped to time by {@link ForwardProcess#timeAtNoiseLevel}. Draws outside
 * the process's noise-level range [noiseLevel(tMin), noiseLevel(tMax)] are redrawn, so on a bounded process
 * (VP: sigma &le; 152 at t = 1) the distribution is the normal truncated to that range; on EDM's process and
 * rectified flow the range is [0, inf) and nothing is redrawn.
 *
 * <p>CDF of the drawn time: F(t) = (Phi(z(t)) - Phi(z_lo)) / (Phi(z_hi) - Phi(z_lo)) with
 * z(t) = (ln noiseLevel(t) - p_mean)/p_std and z_lo, z_hi the range's ends (the noise level rises with t).
 */
@Extension
@Component(id = "log-normal", summary = "EDM: ln sigma ~ N(p_mean, p_std^2), truncated to the process's noise levels")
public final class LogNormalNoise implements NoiseDistribution {

    /** Options of {@link LogNormalNoise}. */
    public record Options(
            @Param(doc = "mean of ln sigma (EDM: -1.2)", defaultValue = "-1.2") double pMean,
            @Param(doc = "standard deviation of ln sigma (EDM: 1.2)", defaultValue = "1.2", min = 0,
                    exclusiveMin = true) double pStd) {
        public Options {
            if (!Double.isFinite(pMean)) {
                throw new InvalidOptionException("p_mean", "p_mean must be finite, got " + pMean);
            }
            if (!(pStd > 0) || Double.isInfinite(pStd)) {
                throw new InvalidOptionException("p_std", "p_std must be a finite number > 0, got " + pStd);
            }
        }
    }

    /** Below this probability of landing in range, rejection would stall: the options do not fit the process. */
    static final double MIN_MASS = 1e-9;

    private final double mean;
    private final double std;
    /** Truncation bounds of the last process seen (draws are per example; the process rarely changes). */
    private ForwardProcess cachedProcess;
    private Bounds cachedBounds;

    /** A log-normal distribution of the noise level. */
    public LogNormalNoise(Options options) {
        this.mean = options.pMean();
        this.std = options.pStd();
    }

    /** Truncation of ln sigma to [lnLo, lnHi], with its standard-normal probabilities. */
    private record Bounds(double levelLo, double levelHi, double lnLo, double lnHi, double phiLo, double mass) {}

    private synchronized Bounds bounds(ForwardProcess process) {
        if (process != cachedProcess) {
            double levelLo = process.noiseLevel(process.tMin());
            double levelHi = Double.isFinite(process.tMax()) ? process.noiseLevel(process.tMax())
                    : Double.POSITIVE_INFINITY;
            double lnLo = levelLo > 0 ? Math.log(levelLo) : Double.NEGATIVE_INFINITY;
            double lnHi = Math.log(levelHi);
            double phiLo = StandardNormal.cdf((lnLo - mean) / std);
            double mass = StandardNormal.cdf((lnHi - mean) / std) - phiLo;
            if (!(mass >= MIN_MASS)) {
                throw new InvalidOptionException("p_mean", "ln sigma ~ N(" + mean + ", " + std + "^2) puts only "
                        + mass + " of its mass inside this process's noise levels [" + levelLo + ", " + levelHi
                        + "]; choose p_mean/p_std that cover that range");
            }
            cachedBounds = new Bounds(levelLo, levelHi, lnLo, lnHi, phiLo, mass);
            cachedProcess = process;
        }
        return cachedBounds;
    }

    @Override
    public double sampleTime(Rng rng, ForwardProcess process) {
        Bounds b = bounds(process);
        double lnSigma;
        do {
            lnSigma = mean + std * rng.nextGaussian();
        } while (lnSigma < b.lnLo() || lnSigma > b.lnHi());
        // exp(ln x) may round just past an end of the range; clamp so the inverse is defined.
        double level = Math.max(b.levelLo(), Math.min(b.levelHi(), Math.exp(lnSigma)));
        return process.timeAtNoiseLevel(level);
    }

    @Override
    public Optional<DoubleUnaryOperator> timeCdf(ForwardProcess process) {
        Bounds b = bounds(process);
        return Optional.of(t -> {
            if (t <= process.tMin()) {
                return 0.0;
            }
            if (t >= process.tMax()) {
                return 1.0;
            }
            double z = (Math.log(process.noiseLevel(t)) - mean) / std;
            double f = (StandardNormal.cdf(z) - b.phiLo()) / b.mass();
            return Math.max(0.0, Math.min(1.0, f));
        });
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CLOSED_FORM_CDF);
    }

    @Override
    public String toString() {
        return "log-normal[p_mean=" + mean + ", p_std=" + std + "]";
    }
}
