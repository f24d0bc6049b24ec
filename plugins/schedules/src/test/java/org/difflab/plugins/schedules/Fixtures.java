package org.difflab.plugins.schedules;

import org.difflab.api.ForwardProcess;

/**
 * Forward processes for the schedule tests, written here from the papers so that the tests depend on no other
 * plugin. Their timeAtNoiseLevel is the interface's generic bisection (accurate to ~1 ulp of t), independent of
 * the closed forms the references below use.
 */
final class Fixtures {

    private Fixtures() {}

    /** Song et al.'s VP SDE (beta 0.1 to 20), DPM-Solver's 'linear' NoiseScheduleVP; sampling range [1e-3, 1]. */
    static final class LinearVp implements ForwardProcess {
        static final double BETA_0 = 0.1;
        static final double BETA_1 = 20;

        /** DPM-Solver marginal_log_mean_coeff: -t^2 (beta_1 - beta_0)/4 - t beta_0/2. */
        static double logAlpha(double t) {
            return -0.25 * t * t * (BETA_1 - BETA_0) - 0.5 * t * BETA_0;
        }

        @Override public double alpha(double t) { return Math.exp(logAlpha(t)); }
        @Override public double sigma(double t) { return Math.sqrt(-Math.expm1(2 * logAlpha(t))); }
        @Override public double alphaDot(double t) { return -0.5 * (BETA_0 + t * (BETA_1 - BETA_0)) * alpha(t); }
        @Override public double sigmaDot(double t) { return -alpha(t) * alphaDot(t) / sigma(t); }
        @Override public double tMax() { return 1; }
        @Override public double samplingStart() { return 1; }
        @Override public double samplingEnd() { return 1e-3; }
        @Override public double noiseLevel(double t) { return Math.sqrt(Math.expm1(-2 * logAlpha(t))); }
    }

    /** EDM's sigma(t) = t, s(t) = 1 (Karras et al. 2022, Table 1); sampling range [0.002, 80]. */
    static final class NoiseLevelTime implements ForwardProcess {
        @Override public double alpha(double t) { return 1; }
        @Override public double sigma(double t) { return t; }
        @Override public double alphaDot(double t) { return 0; }
        @Override public double sigmaDot(double t) { return 1; }
        @Override public double tMax() { return Double.POSITIVE_INFINITY; }
        @Override public double samplingStart() { return 80; }
        @Override public double samplingEnd() { return 0.002; }
    }

    /** Conditional OT x_t = (1 - t) x0 + t eps; sampling range [1e-3, 1], infinite noise level at t = 1. */
    static final class ConditionalOt implements ForwardProcess {
        @Override public double alpha(double t) { return 1 - t; }
        @Override public double sigma(double t) { return t; }
        @Override public double alphaDot(double t) { return -1; }
        @Override public double sigmaDot(double t) { return 1; }
        @Override public double tMax() { return 1; }
        @Override public double samplingStart() { return 1; }
        @Override public double samplingEnd() { return 1e-3; }
    }
}
