package org.difflab.plugins.solvers;

import org.difflab.api.ForwardProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;

/**
 * Small forward processes for the tests (plugins may not depend on each other, so the EDM, VP and
 * flow-matching processes are re-written here from their definitions).
 */
final class TestProcesses {

    private TestProcesses() {}

    /** EDM (Karras et al. 2022, Table 1 "Ours"): alpha = 1, sigma = t, t in [0, inf). */
    static final ForwardProcess EDM = ReferenceProcesses.EDM_LIKE;

    /**
     * A VP-type path with noise level t: alpha = 1/sqrt(1 + t^2), sigma = t alpha (EDM's "VP scaling"). Unlike the
     * TCK's VP_LIKE it ends at tMax = 100, which the range tests below rely on.
     */
    static final ForwardProcess VP = new ForwardProcess() {
        @Override public double alpha(double t) { return 1.0 / Math.sqrt(1.0 + t * t); }
        @Override public double sigma(double t) { return t / Math.sqrt(1.0 + t * t); }
        @Override public double alphaDot(double t) { return -t / Math.pow(1.0 + t * t, 1.5); }
        @Override public double sigmaDot(double t) { return 1.0 / Math.pow(1.0 + t * t, 1.5); }
        @Override public double tMax() { return 100.0; }
        @Override public double samplingStart() { return 80.0; }
        @Override public double samplingEnd() { return 0.002; }
        @Override public double timeAtNoiseLevel(double level) { return level; }
        @Override public String toString() { return "vp-like"; }
    };

    /**
     * Score SDE's VP SDE with a linear beta(t) = beta0 + t (beta1 - beta0) on t in [0, 1] (Song et al. 2021,
     * sde_lib.VPSDE; beta0 = 0.1, beta1 = 20): alpha = exp(-t^2 (beta1 - beta0)/4 - t beta0/2),
     * sigma = sqrt(1 - alpha^2). Uses the interface's default (bisection) inverses.
     */
    static final ForwardProcess LINEAR_VP = new ForwardProcess() {
        static final double B0 = 0.1;
        static final double B1 = 20.0;
        double logAlpha(double t) { return -0.25 * t * t * (B1 - B0) - 0.5 * t * B0; }
        @Override public double alpha(double t) { return Math.exp(logAlpha(t)); }
        @Override public double sigma(double t) { return Math.sqrt(-Math.expm1(2 * logAlpha(t))); }
        @Override public double alphaDot(double t) { return -0.5 * (B0 + t * (B1 - B0)) * alpha(t); }
        @Override public double sigmaDot(double t) {
            double a = alpha(t);
            return -a * alphaDot(t) / sigma(t);
        }
        @Override public double tMax() { return 1.0; }
        @Override public double samplingStart() { return 1.0; }
        @Override public double samplingEnd() { return 1e-3; }
        @Override public String toString() { return "linear-vp"; }
    };

    /** Rectified flow / conditional OT (Lipman et al. 2023): alpha = 1 - t, sigma = t on [0, 1]. */
    static final ForwardProcess FLOW = new ForwardProcess() {
        @Override public double alpha(double t) { return 1.0 - t; }
        @Override public double sigma(double t) { return t; }
        @Override public double alphaDot(double t) { return -1.0; }
        @Override public double sigmaDot(double t) { return 1.0; }
        @Override public double tMax() { return 1.0; }
        @Override public double samplingStart() { return 0.99; }
        @Override public double samplingEnd() { return 0.002; }
        @Override public double timeAtNoiseLevel(double level) { return level / (1.0 + level); }
        @Override public String toString() { return "flow-like"; }
    };
}
