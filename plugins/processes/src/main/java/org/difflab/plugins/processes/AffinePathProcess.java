package org.difflab.plugins.processes;

import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.math.VariancePreserving;
import org.pf4j.Extension;

/**
 * An affine Gaussian path x_t = alpha(t) x0 + sigma(t) eps on [0, 1] from flow matching's scheduler families
 * ({@link AffineFamily}), with flow_matching's time reversed (t = 1 - t_FM, so t = 0 is data here):
 * <pre>  polynomial:  alpha = (1 - t)^n,      sigma = 1 - (1 - t)^n
 *   cosine:      alpha = cos(pi t/2),    sigma = sin(pi t/2)
 *   linear_vp:   alpha = 1 - t,          sigma = sqrt(1 - (1 - t)^2)</pre>
 * Each has alpha(1) = 0, so the noise level is +infinity at tMax = 1 (pure noise; sampling starts there, as for
 * {@link RectifiedFlowProcess}) and 0 at t = 0. Singular points: linear_vp has sigma ~ sqrt(2t), so sigma'(0) is
 * +infinity; polynomial with n &lt; 1 has alpha'(1) = -infinity.
 */
@Extension
@Component(id = "affine", summary = "Flow-matching affine paths: polynomial (t^n), cosine, linear_vp (time reversed)",
        example = "{family: cosine}")
public final class AffinePathProcess implements ForwardProcess {

    /** Options of {@link AffinePathProcess}. */
    public record Options(
            @Param(doc = "path family: polynomial, cosine or linear_vp") AffineFamily family,
            @Param(doc = "polynomial only: the exponent n of alpha = (1 - t)^n, default 1", min = 0,
                    exclusiveMin = true) Double exponent,
            @Param(doc = "smallest time of the default sampling grid before the final step to t = 0",
                    defaultValue = "1e-3", min = 0, max = 1, exclusiveMin = true, exclusiveMax = true)
            double samplingEnd) {
        public Options {
            if (family == null) {
                throw new InvalidOptionException("family", "family is required: polynomial, cosine or linear_vp");
            }
            if (exponent != null && family != AffineFamily.POLYNOMIAL) {
                throw new InvalidOptionException("exponent", "exponent applies to family polynomial only, not "
                        + family.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }

    private final AffineFamily family;
    private final double n;
    private final double samplingEnd;

    /** An affine path of the given family. */
    public AffinePathProcess(Options options) {
        this.family = options.family();
        this.n = options.exponent() != null ? options.exponent() : 1.0;
        this.samplingEnd = options.samplingEnd();
    }

    @Override
    public double alpha(double t) {
        return switch (family) {
            case POLYNOMIAL -> Math.pow(1.0 - t, n);
            // sin(pi (1 - t)/2) rather than cos(pi t/2): exactly 0 at t = 1.
            case COSINE -> Math.sin(Math.PI / 2.0 * (1.0 - t));
            case LINEAR_VP -> 1.0 - t;
        };
    }

    @Override
    public double sigma(double t) {
        return switch (family) {
            case POLYNOMIAL -> -Math.expm1(n * Math.log1p(-t));
            case COSINE -> Math.sin(Math.PI / 2.0 * t);
            case LINEAR_VP -> Math.sqrt(t * (2.0 - t));
        };
    }

    @Override
    public double alphaDot(double t) {
        return switch (family) {
            case POLYNOMIAL -> -n * Math.pow(1.0 - t, n - 1.0);
            case COSINE -> -Math.PI / 2.0 * Math.cos(Math.PI / 2.0 * (1.0 - t));
            case LINEAR_VP -> -1.0;
        };
    }

    @Override
    public double sigmaDot(double t) {
        return switch (family) {
            case POLYNOMIAL -> n * Math.pow(1.0 - t, n - 1.0);
            case COSINE -> Math.PI / 2.0 * Math.cos(Math.PI / 2.0 * t);
            case LINEAR_VP -> VariancePreserving.sigmaDot(alpha(t), alphaDot(t), sigma(t));
        };
    }

    @Override
    public double tMax() {
        return 1.0;
    }

    @Override
    public double samplingStart() {
        return 1.0;
    }

    @Override
    public double samplingEnd() {
        return samplingEnd;
    }

    /** polynomial: (1 - t)^-n - 1; cosine: tan(pi t/2); linear_vp: sqrt(t(2 - t))/(1 - t). */
    @Override
    public double noiseLevel(double t) {
        return switch (family) {
            case POLYNOMIAL -> Math.expm1(-n * Math.log1p(-t));
            case COSINE, LINEAR_VP -> sigma(t) / alpha(t);
        };
    }

    /**
     * Closed forms (flow_matching's snr_inverse with rho = 1/level, then t = 1 - t_FM): polynomial
     * t = 1 - (1 + level)^(-1/n); cosine t = 2 atan(level)/pi; linear_vp t = 1 - 1/sqrt(1 + level^2). Level
     * +infinity gives t = 1.
     */
    @Override
    public double timeAtNoiseLevel(double level) {
        if (Double.isInfinite(level)) {
            return 1.0;
        }
        return checkedInverse(switch (family) {
            case POLYNOMIAL -> -Math.expm1(-Math.log1p(level) / n);
            case COSINE -> 2.0 / Math.PI * Math.atan(level);
            case LINEAR_VP -> {
                // 1 - q with q = 1/sqrt(1 + level^2), as (1 - q^2)/(1 + q) = level^2 q^2/(1 + q): no cancellation.
                double q = 1.0 / Math.hypot(1.0, level);
                double lq = level * q;
                yield lq * lq / (1.0 + q);
            }
        }, level);
    }
}
