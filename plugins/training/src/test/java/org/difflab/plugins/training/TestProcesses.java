package org.difflab.plugins.training;

import org.difflab.api.ForwardProcess;

/** Small processes written out here from their papers, independent of the process plugins. */
final class TestProcesses {

    private TestProcesses() {}

    /** Karras et al. (2022), Table 1 "Ours": alpha = 1, sigma = t; sampling range [0.002, 80]. */
    static ForwardProcess edm() {
        return new ForwardProcess() {
            @Override public double alpha(double t) { return 1.0; }
            @Override public double sigma(double t) { return t; }
            @Override public double alphaDot(double t) { return 0.0; }
            @Override public double sigmaDot(double t) { return 1.0; }
            @Override public double tMax() { return Double.POSITIVE_INFINITY; }
            @Override public double samplingStart() { return 80.0; }
            @Override public double samplingEnd() { return 0.002; }
            @Override public double timeAtNoiseLevel(double level) { return level; }
            @Override public String toString() { return "edm"; }
        };
    }

    static final double BETA_MIN = 0.1;
    static final double BETA_MAX = 20.0;

    /** Song et al. (2021), eq. 29: VP SDE with beta(t) = 0.1 + 19.9 t; log alpha = -t^2 (19.9)/4 - t 0.1/2. */
    static ForwardProcess vp() {
        return new ForwardProcess() {
            double logAlpha(double t) { return -0.25 * t * t * (BETA_MAX - BETA_MIN) - 0.5 * t * BETA_MIN; }
            double beta(double t) { return BETA_MIN + t * (BETA_MAX - BETA_MIN); }
            @Override public double alpha(double t) { return Math.exp(logAlpha(t)); }
            @Override public double sigma(double t) { return Math.sqrt(-Math.expm1(2 * logAlpha(t))); }
            @Override public double alphaDot(double t) { return -0.5 * beta(t) * alpha(t); }
            @Override public double sigmaDot(double t) { return 0.5 * beta(t) * alpha(t) * alpha(t) / sigma(t); }
            @Override public double tMax() { return 1.0; }
            @Override public double samplingStart() { return 1.0; }
            @Override public double samplingEnd() { return 1e-3; }
            @Override public String toString() { return "vp"; }
        };
    }

    /** beta(t) of {@link #vp()}: the VP SDE's g^2 (Song et al. 2021, eq. 11). */
    static double vpBeta(double t) {
        return BETA_MIN + t * (BETA_MAX - BETA_MIN);
    }

    /** Rectified flow / conditional OT (Liu et al. 2023; Lipman et al. 2023): alpha = 1 - t, sigma = t. */
    static ForwardProcess rectifiedFlow() {
        return new ForwardProcess() {
            @Override public double alpha(double t) { return 1.0 - t; }
            @Override public double sigma(double t) { return t; }
            @Override public double alphaDot(double t) { return -1.0; }
            @Override public double sigmaDot(double t) { return 1.0; }
            @Override public double tMax() { return 1.0; }
            @Override public double samplingStart() { return 1.0; }
            @Override public double samplingEnd() { return 1e-3; }
            @Override public String toString() { return "rectified-flow"; }
        };
    }

    static ForwardProcess[] all() {
        return new ForwardProcess[] {edm(), vp(), rectifiedFlow()};
    }

    /** Interior times of the process's range (or of [tMin, 80] for EDM), avoiding both ends. */
    static double[] interiorTimes(ForwardProcess process) {
        double hi = Double.isFinite(process.tMax()) ? process.tMax() : 80.0;
        double[] t = new double[41];
        for (int i = 0; i < t.length; i++) {
            // geometric near 0 (where weights vary fastest), up to 0.999 hi
            t[i] = hi * Math.pow(1e-4, 1.0 - i / 40.0) * 0.999;
        }
        return t;
    }
}
