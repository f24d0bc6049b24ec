package org.difflab.api;

import org.difflab.api.math.PathPoint;

/**
 * A forward (noising) process, written as the affine Gaussian path
 * <pre>  x_t = alpha(t) x0 + sigma(t) eps,   eps ~ N(0, I).</pre>
 * Time runs from data ({@link #tMin()}, usually 0) to noise ({@link #tMax()}). In EDM's notation the same
 * path has scaling s(t) = alpha(t) and noise level sigma_edm(t) = sigma(t)/alpha(t) (Karras et al. 2022,
 * eq. 4); score SDE's VP, sub-VP and VE and flow matching's paths are all of this form.
 *
 * <p>Everything else follows from alpha and sigma and is given here once, as default methods: the SDE
 * drift f and squared diffusion g^2, the half log-SNR, and generic inverses of the noise level.
 * Implementations override the inverses when a closed form exists.
 *
 * <p>Contract (checked by the contract suite): alpha' and sigma' are the derivatives of alpha and sigma;
 * the noise level sigma/alpha rises strictly over [tMin, tMax]; {@link #timeAtNoiseLevel} inverts it;
 * g^2 &ge; 0.
 */
public interface ForwardProcess extends Pluggable {

    /** Signal coefficient alpha(t) (EDM's s(t)); dimensionless. */
    double alpha(double t);

    /** Noise coefficient sigma(t), in data units. */
    double sigma(double t);

    /** d alpha / dt. */
    double alphaDot(double t);

    /** d sigma / dt. */
    double sigmaDot(double t);

    /** Data end of the time domain; a sampling grid's final time. */
    default double tMin() {
        return 0.0;
    }

    /** Noise end of the time domain (may be +infinity, e.g. EDM's t = sigma). */
    double tMax();

    /** Default first time of a sampling grid, where the prior N(0, sigma^2 I) is drawn. */
    double samplingStart();

    /**
     * Default smallest time of a sampling grid before its final step to {@link #tMin()} (EDM's sigma_min,
     * score SDE's epsilon).
     */
    double samplingEnd();

    /** EDM's noise level sigma(t)/alpha(t), the noise-to-signal ratio; +infinity where alpha = 0. */
    default double noiseLevel(double t) {
        return sigma(t) / alpha(t);
    }

    /**
     * The time at which {@link #noiseLevel(double)} equals {@code level}: the map by which schedules
     * defined in noise levels reach this process's time. The default bisects (the noise level is
     * monotone); override with the closed form where one exists, returning it through {@link #checkedInverse}.
     *
     * @throws IllegalArgumentException if no time in [tMin, tMax] has that noise level
     */
    default double timeAtNoiseLevel(double level) {
        double lo = tMin();
        double hi = tMax();
        if (level < noiseLevel(lo) || Double.isNaN(level)) {
            throw unreachableLevel(level, true);
        }
        if (Double.isInfinite(hi)) {
            hi = Math.max(1.0, lo + 1.0);
            while (noiseLevel(hi) < level) {
                hi *= 2.0;
                if (Double.isInfinite(hi)) {
                    throw new IllegalArgumentException("noise level " + level + " is never reached");
                }
            }
        } else if (level > noiseLevel(hi)) {
            // a level computed from noiseLevel(tMax) itself may come back an ulp high (e.g. exp(-log(x)))
            if (level <= noiseLevel(hi) * (1 + 1e-12)) {
                return hi;
            }
            throw unreachableLevel(level, false);
        }
        for (int i = 0; i < 200 && hi - lo > 0; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (noiseLevel(mid) < level) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * The range check of a closed-form {@link #timeAtNoiseLevel}: returns the time {@code t} the formula gave for
     * {@code level}, snapped to an end of [tMin, tMax] that it misses by round-off only (1e-12 of the range's
     * scale), and rejects levels no time in the range has (negative, NaN, below noiseLevel(tMin) or above
     * noiseLevel(tMax)), so that every process names its range alike.
     *
     * @throws IllegalArgumentException if {@code level} is not reached inside [tMin, tMax]
     */
    default double checkedInverse(double t, double level) {
        double lo = tMin();
        double hi = tMax();
        double slack = 1e-12 * Math.max(1.0, Math.max(Math.abs(lo), Double.isFinite(hi) ? Math.abs(hi) : 0.0));
        if (!(level >= 0) || Double.isNaN(t) || t < lo - slack) {
            throw unreachableLevel(level, true);
        }
        if (t > hi + slack) {
            throw unreachableLevel(level, false);
        }
        return Math.min(hi, Math.max(lo, t));
    }

    private IllegalArgumentException unreachableLevel(double level, boolean below) {
        double end = below ? tMin() : tMax();
        return new IllegalArgumentException("noise level " + level + " is " + (below ? "below this process's minimum "
                : "above this process's maximum ") + noiseLevel(end) + " (at t=" + end + ")");
    }

    /** SDE drift coefficient f(t) = alpha'/alpha, for dx = f x dt + g dW ({@link PathPoint#drift}). */
    default double drift(double t) {
        return PathPoint.of(this, t).drift();
    }

    /**
     * Squared SDE diffusion g(t)^2 = 2 sigma sigma' - 2 (alpha'/alpha) sigma^2, the unique g giving this
     * path's marginals ({@link PathPoint#diffusionSquared}); reproduces VP (beta), sub-VP and VE (d sigma^2/dt)
     * exactly.
     */
    default double diffusionSquared(double t) {
        return PathPoint.of(this, t).diffusionSquared();
    }

    /** Half log signal-to-noise ratio lambda(t) = log(alpha/sigma), the time of exponential integrators. */
    default double halfLogSnr(double t) {
        return Math.log(alpha(t) / sigma(t));
    }

    /** Inverse of {@link #halfLogSnr(double)}: lambda = -log(noise level). */
    default double timeAtHalfLogSnr(double lambda) {
        return timeAtNoiseLevel(Math.exp(-lambda));
    }
}
