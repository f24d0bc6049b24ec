package org.difflab.plugins.parameterizations;

import org.difflab.api.ForwardProcess;

/** Test-local affine paths x_t = alpha x0 + sigma eps, written out with their derivatives. */
final class TestPaths {

    private TestPaths() {}

    /** EDM-like: alpha = 1, sigma = t (Karras et al. 2022). */
    static final ForwardProcess EDM = new Path("edm-like") {
        @Override public double alpha(double t) { return 1.0; }
        @Override public double sigma(double t) { return t; }
        @Override public double alphaDot(double t) { return 0.0; }
        @Override public double sigmaDot(double t) { return 1.0; }
        @Override public double tMax() { return Double.POSITIVE_INFINITY; }
    };

    /**
     * VP-like in EDM's noise level: alpha = 1/sqrt(1+t^2), sigma = t alpha, so alpha^2 + sigma^2 = 1 and the
     * noise level sigma/alpha is t. alpha' = -t (1+t^2)^(-3/2), sigma' = (1+t^2)^(-3/2).
     */
    static final ForwardProcess VP = new Path("vp-like") {
        @Override public double alpha(double t) { return 1.0 / Math.sqrt(1.0 + t * t); }
        @Override public double sigma(double t) { return t / Math.sqrt(1.0 + t * t); }
        @Override public double alphaDot(double t) { return -t * Math.pow(1.0 + t * t, -1.5); }
        @Override public double sigmaDot(double t) { return Math.pow(1.0 + t * t, -1.5); }
        @Override public double tMax() { return Double.POSITIVE_INFINITY; }
    };

    /** Rectified flow / conditional OT: alpha = 1 - t, sigma = t on [0, 1]. */
    static final ForwardProcess RECTIFIED_FLOW = new Path("rectified-flow") {
        @Override public double alpha(double t) { return 1.0 - t; }
        @Override public double sigma(double t) { return t; }
        @Override public double alphaDot(double t) { return -1.0; }
        @Override public double sigmaDot(double t) { return 1.0; }
        @Override public double tMax() { return 1.0; }
    };

    private abstract static class Path implements ForwardProcess {
        private final String name;

        Path(String name) {
            this.name = name;
        }

        @Override public double samplingStart() { return Math.min(tMax(), 80.0); }
        @Override public double samplingEnd() { return 0.002; }
        @Override public String toString() { return name; }
    }
}
