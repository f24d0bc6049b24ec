package org.difflab.tck.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

class ReferenceFlowTest {

    /** A VP-type path: alpha = 1/sqrt(1 + t^2), sigma = t alpha (noise level t). */
    static final ForwardProcess VP_LIKE = new ForwardProcess() {
        public double alpha(double t) { return 1 / Math.sqrt(1 + t * t); }
        public double sigma(double t) { return t / Math.sqrt(1 + t * t); }
        public double alphaDot(double t) { return -t / Math.pow(1 + t * t, 1.5); }
        public double sigmaDot(double t) { return 1 / Math.pow(1 + t * t, 1.5); }
        public double tMax() { return 100; }
        public double samplingStart() { return 80; }
        public double samplingEnd() { return 0.002; }
    };

    @Test
    void rk4ReferenceMatchesTheClosedFormTransportOfASingleGaussian() {
        GaussianMixture gaussian = GaussianMixture.single(new double[] {1.5, -0.5, 0.25}, 0.3);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = new Rng(3).normal(manager, new Shape(64, 3), DataType.FLOAT64).mul(80 * VP_LIKE.alpha(80));
            NDArray reference = ReferenceFlow.endpoint(gaussian, VP_LIKE, 80, 0, x, 1e-11);
            NDArray exact = ReferenceFlow.singleGaussian(gaussian, VP_LIKE, 80, 0, x);
            assertThat(reference.sub(exact).abs().max().getDouble()).isLessThan(1e-10);
        }
    }

    @Test
    void closedFormTransportIsExactBetweenIntermediateTimes() {
        // Composition property of a flow: 80 -> 5 -> 0.1 equals 80 -> 0.1.
        GaussianMixture gaussian = GaussianMixture.single(new double[] {2.0}, 0.5);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = new Rng(4).normal(manager, new Shape(16, 1), DataType.FLOAT64).mul(30);
            NDArray viaMiddle = ReferenceFlow.singleGaussian(gaussian, VP_LIKE, 5, 0.1,
                    ReferenceFlow.singleGaussian(gaussian, VP_LIKE, 80, 5, x));
            NDArray direct = ReferenceFlow.singleGaussian(gaussian, VP_LIKE, 80, 0.1, x);
            assertThat(viaMiddle.sub(direct).abs().max().getDouble()).isLessThan(1e-13);
        }
    }
}
