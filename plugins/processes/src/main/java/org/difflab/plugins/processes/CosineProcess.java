package org.difflab.plugins.processes;

import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.math.VariancePreserving;
import org.pf4j.Extension;

/**
 * Nichol &amp; Dhariwal's (2021, eq. 17) cosine schedule in continuous time, variance preserving:
 * <pre>  alpha(t)^2 = abar(t) = cos^2(phi(t)) / cos^2(phi(0)),   phi(t) = ((t + s)/(1 + s)) pi/2,
 *   sigma(t) = sqrt(1 - alpha^2),   t in [0, 1], s = 0.008.</pre>
 *
 * <p>alpha(1) = 0: t = 1 is pure noise, where the noise level sigma/alpha and the rate
 * beta(t) = pi tan(phi)/(1 + s) are both +infinity. tMax is 1 (the prior there is exactly N(0, I)). So
 * sampling starts below 1, by default at DPM-Solver's T = 0.9946 (Lu et al. 2022, NoiseScheduleVP
 * 'cosine', chosen there because t = 1 is numerically singular), where the noise level is about 118.8,
 * between EDM's sigma_max = 80 and the linear VP's sigma_VP(1) = 152.
 * The default sampling end, t = 1e-3, has noise level about 0.0064, iDDPM's smallest (EDM's u_999).
 * sigma'(0) = +infinity (sigma ~ sqrt(t)).
 */
@Extension
@Component(id = "cosine", summary = "iDDPM cosine schedule in continuous time (Nichol & Dhariwal 2021), s = 0.008")
public final class CosineProcess implements ForwardProcess {

    /** Options of {@link CosineProcess}. */
    public record Options(
            @Param(doc = "offset s that keeps beta finite near t = 0", defaultValue = "0.008", min = 0,
                    exclusiveMin = true) double s,
            @Param(doc = "first time of the default sampling grid (alpha reaches 0 at t = 1)", defaultValue = "0.9946",
                    min = 0, max = 1, exclusiveMin = true, exclusiveMax = true) double samplingStart,
            @Param(doc = "smallest time of the default sampling grid", defaultValue = "1e-3", min = 0, max = 1,
                    exclusiveMin = true, exclusiveMax = true) double samplingEnd) {
        public Options {
            if (!(samplingEnd < samplingStart)) {
                throw new InvalidOptionException("sampling_end", "sampling_end (" + samplingEnd
                        + ") must be below sampling_start (" + samplingStart + ")");
            }
        }
    }

    private final double s;
    private final double samplingStart;
    private final double samplingEnd;
    /** cos(phi(0)). */
    private final double cosPhi0;
    /** sin(phi(0)). */
    private final double sinPhi0;
    /** phi'(t) = pi / (2 (1 + s)). */
    private final double phiDot;

    /** The cosine process with offset s. */
    public CosineProcess(Options options) {
        this.s = options.s();
        this.samplingStart = options.samplingStart();
        this.samplingEnd = options.samplingEnd();
        this.cosPhi0 = Math.cos(phi(0.0));
        this.sinPhi0 = Math.sin(phi(0.0));
        this.phiDot = Math.PI / (2.0 * (1.0 + s));
    }

    private double phi(double t) {
        return (t + s) / (1.0 + s) * Math.PI / 2.0;
    }

    /** cos(phi(t)), written as sin(pi/2 - phi) so that it is exactly 0 at t = 1. */
    private double cosPhi(double t) {
        return Math.sin((1.0 - t) / (1.0 + s) * Math.PI / 2.0);
    }

    @Override
    public double alpha(double t) {
        return cosPhi(t) / cosPhi0;
    }

    /**
     * sigma^2 = 1 - cos^2(phi)/cos^2(phi0) = sin(phi - phi0) sin(phi + phi0) / cos^2(phi0), free of the
     * cancellation of 1 - alpha^2 near t = 0.
     */
    @Override
    public double sigma(double t) {
        double diff = t / (1.0 + s) * Math.PI / 2.0;
        return Math.sqrt(Math.sin(diff) * Math.sin(phi(t) + phi(0.0))) / cosPhi0;
    }

    /** alpha' = -sin(phi) phi' / cos(phi0). */
    @Override
    public double alphaDot(double t) {
        return -Math.sin(phi(t)) * phiDot / cosPhi0;
    }

    /** sigma' = -alpha alpha' / sigma; +infinity at t = 0. */
    @Override
    public double sigmaDot(double t) {
        return VariancePreserving.sigmaDot(alpha(t), alphaDot(t), sigma(t));
    }

    /** alpha = 0 here: pure noise, noise level +infinity. */
    @Override
    public double tMax() {
        return 1.0;
    }

    @Override
    public double samplingStart() {
        return samplingStart;
    }

    @Override
    public double samplingEnd() {
        return samplingEnd;
    }

    /**
     * Closed form: alpha = 1/sqrt(1 + level^2), i.e. cos(phi) = cos(phi0)/sqrt(1 + level^2), so
     * tan(phi) = r/cos(phi0) with r = sqrt(level^2 + sin^2(phi0)), and
     * tan(phi - phi0) = cos(phi0) level^2 / ((r + sin(phi0)) (cos^2(phi0) + r sin(phi0))), free of cancellation
     * at small levels; t = (phi - phi0)/phi'. Level +infinity gives t = 1.
     */
    @Override
    public double timeAtNoiseLevel(double level) {
        if (!(level >= 0)) {
            return checkedInverse(Double.NaN, level);
        }
        if (Double.isInfinite(level)) {
            return 1.0;
        }
        double r = Math.sqrt(level * level + sinPhi0 * sinPhi0);
        double phiMinusPhi0 = Math.atan2(cosPhi0 * level * level / (r + sinPhi0), cosPhi0 * cosPhi0 + r * sinPhi0);
        return checkedInverse(phiMinusPhi0 / phiDot, level);
    }
}
