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

    /** Rectified flow: alpha = 1 - t, sigma = t, so the noise level t/(1 - t) is infinite at t = 1. */
    static final ForwardProcess FLOW_LIKE = new ForwardProcess() {
        public double alpha(double t) { return 1 - t; }
        public double sigma(double t) { return t; }
        public double alphaDot(double t) { return -1; }
        public double sigmaDot(double t) { return 1; }
        public double tMax() { return 1; }
        public double samplingStart() { return 1; }
        public double samplingEnd() { return 1e-3; }
    };

    /**
     * Issue 9, item 5: from t = 1 of rectified flow (noise level +infinity, x = z) the flow of N(mu, s^2 I) is
     * x~(sigma) = mu + z sqrt(s^2 + sigma^2), the limit of the closed form as the start level grows; at sigma = 0,
     * mu + s z. The reference integration reaches it (it gave NaN and spun through 2^17 steps).
     */
    @Test
    void fromInfiniteNoiseTheReferenceMatchesTheClosedFormLimit() {
        GaussianMixture gaussian = GaussianMixture.single(new double[] {1.5, -0.5, 0.25}, 0.3);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = new Rng(5).normal(manager, new Shape(64, 3), DataType.FLOAT64);
            NDArray exact = z.mul(0.3).add(manager.create(new double[] {1.5, -0.5, 0.25}));
            NDArray reference = ReferenceFlow.endpoint(gaussian, FLOW_LIKE, 1.0, 0.0, z, 1e-10);
            assertThat(reference.sub(exact).abs().max().getDouble()).isLessThan(1e-9);
            assertThat(ReferenceFlow.singleGaussian(gaussian, FLOW_LIKE, 1.0, 0.0, z).sub(exact).abs().max()
                    .getDouble()).isLessThan(1e-15);
            // and halfway, t = 0.5 (noise level 1): alpha (mu + z sqrt(s^2 + 1))
            NDArray half = z.mul(Math.sqrt(0.09 + 1)).add(manager.create(new double[] {1.5, -0.5, 0.25})).mul(0.5);
            assertThat(ReferenceFlow.endpoint(gaussian, FLOW_LIKE, 1.0, 0.5, z, 1e-10).sub(half).abs().max()
                    .getDouble()).isLessThan(1e-9);
        }
    }

    /**
     * For a mixture (no closed form) the flow from infinite noise is the limit of the flows started at x~ = L z: they
     * differ from it by O(|E[x0]| scale / L), so by about 10x less per decade of L.
     */
    @Test
    void theFlowFromInfiniteNoiseIsTheLimitOfFlowsFromLargeLevels() {
        GaussianMixture mixture = new GaussianMixture(new double[][] {{-1.5, 0.0}, {1.5, 0.5}, {0.0, 2.0}},
                new double[] {0.4, 0.3, 0.5}, new double[] {0.3, 0.5, 0.2});
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = new Rng(6).normal(manager, new Shape(16, 2), DataType.FLOAT64);
            NDArray limit = ReferenceFlow.fromNoise(mixture, Double.POSITIVE_INFINITY, 0, z, 1e-8);
            double[] gaps = new double[2];
            double[] levels = {1e3, 1e4};
            for (int i = 0; i < levels.length; i++) {
                gaps[i] = ReferenceFlow.fromNoise(mixture, levels[i], 0, z, 1e-8).sub(limit).abs().max().getDouble();
            }
            assertThat(gaps[0]).isLessThan(1e-2).isGreaterThan(1e-5);
            assertThat(gaps[1] / gaps[0]).isBetween(0.05, 0.2);
        }
    }

    /**
     * A denoiser that breaks (NaN) or jumps ends the integration, naming the draw and saying why, instead of doubling
     * on to the step limit (2^16).
     */
    @Test
    void aBrokenDenoiserFailsFastWithTheReason() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = new Rng(7).normal(manager, new Shape(4, 1), DataType.FLOAT64);
            org.difflab.api.ClosedFormData nan = closedForm((x, p) -> x.mul(Double.NaN));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReferenceFlow.fromNoise(nan, 80, 0, z, 1e-9))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("reference flow from noise level 80.0 to 0.0 (4 states): draw 0: non-finite"
                            + " values with 128 RK4 steps");
            // a denoiser jumping at noise level 1 (from 0 to x~, where the flow stops) for the draws below 0, smooth
            // (D = 0, dx/ds = x) for the others: RK4 is first order on the jumping draws, their Richardson change only
            // halves per doubling; the first of them is named once it has shrunk less than 64x over three doublings
            double[] values = z.toDoubleArray();
            int firstNegative = 0;
            while (values[firstNegative] >= 0) {
                firstNegative++;
            }
            org.difflab.api.ClosedFormData jump = closedForm((x, p) -> p.sigma() / p.alpha() > 1 ? x.zerosLike()
                    : x.div(p.alpha()).mul(x.lt(0).toType(DataType.FLOAT64, false)));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReferenceFlow.fromNoise(jump, 80, 0, z, 1e-9))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("draw " + firstNegative + ": not converging")
                    .hasMessageContaining("as the steps went from 512 to 4096, less than 4.0x per doubling");
        }
    }

    /**
     * A draw still pre-asymptotic at 1024 steps among ordinary ones (as one draw in ~16,000 near a mode boundary of
     * the 16-D mixture) converges and is as accurate as the others: the set is not stopped for it. The integrand,
     * in s = ln tau, is dx/ds = k(s) x with k a bump A sech^2((s - s0)/w), narrow (w = 0.01) for draws above 0 and
     * wide (w = 1) for those below; its flow is x(s) = x(s_from) exp(A w [tanh((s - s0)/w)]_{s_from}^{s}).
     */
    @Test
    void aSlowDrawConvergesAmongOrdinaryOnesToTheExactEndpoint() {
        double[] narrow = {20, 0.01, -5};
        double[] wide = {0.5, 1, -5};
        org.difflab.api.ClosedFormData bumps = closedForm((x, p) -> {
            double s = Math.log(p.t());
            NDArray above = x.gt(0).toType(DataType.FLOAT64, false);
            NDArray k = above.mul(bump(narrow, s) - bump(wide, s)).add(bump(wide, s));
            return x.sub(x.mul(k));   // D = x - k x, so dx/ds = x - D = k x
        });
        double tauFrom = 80 / (ReferenceFlow.SCALE + 80);
        double sFrom = Math.log(tauFrom);
        double sTo = Math.log(ReferenceFlow.SIGMA_FLOOR / (ReferenceFlow.SCALE + ReferenceFlow.SIGMA_FLOOR));
        double toEdm = (ReferenceFlow.SCALE + ReferenceFlow.SIGMA_FLOOR) / ReferenceFlow.SCALE;
        double unit = 1 / (ReferenceFlow.SCALE * tauFrom);   // z giving the start state x = 1
        double[] starts = {1, -1, -2, -0.5};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = manager.create(java.util.Arrays.stream(starts).map(v -> v * unit).toArray(), new Shape(4, 1));
            // the narrow draw is pre-asymptotic at 1024 steps: its change shrinks far less than 4x on that doubling
            NDArray slow = z.get("0:1");
            double[] fixed = new double[3];
            for (int i = 0; i < 3; i++) {
                fixed[i] = ReferenceFlow.fixedSteps(bumps, 80, 0, slow, 256 << i).getDouble(0, 0);
            }
            double shrink = Math.abs(fixed[1] - fixed[0]) / Math.abs(fixed[2] - fixed[1]);
            assertThat(shrink).isLessThan(3);

            double tolerance = 1e-7;
            double[] reference = ReferenceFlow.fromNoise(bumps, 80, 0, z, tolerance).toDoubleArray();
            for (int i = 0; i < starts.length; i++) {
                double[] b = starts[i] > 0 ? narrow : wide;
                double exact = starts[i] * Math.exp(b[0] * b[1] * (Math.tanh((sTo - b[2]) / b[1])
                        - Math.tanh((sFrom - b[2]) / b[1]))) * toEdm;
                assertThat(Math.abs(reference[i] - exact)).as("draw %d", i).isLessThan(tolerance);
            }
        }
    }

    /** A sech^2((s - s0)/w), for {A, w, s0}. */
    private static double bump(double[] b, double s) {
        double c = Math.cosh((s - b[2]) / b[1]);
        return b[0] / (c * c);
    }

    /**
     * On a mixture (no closed form) the adaptive per-draw integration agrees with a fine fixed-step RK4 solve (2^14
     * steps, whose own error is ~1e-13 here) to the tolerance it was asked for.
     */
    @Test
    void onAMixtureTheReferenceAgreesWithAFineFixedStepSolve() {
        GaussianMixture mixture = new GaussianMixture(new double[][] {{-1.5, 0.0}, {1.5, 0.5}, {0.0, 2.0}},
                new double[] {0.2, 0.3, 0.15}, new double[] {0.3, 0.5, 0.2});
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = new Rng(8).normal(manager, new Shape(32, 2), DataType.FLOAT64);
            double tolerance = 1e-9;
            NDArray reference = ReferenceFlow.fromNoise(mixture, 80, 0.002, z, tolerance);
            NDArray fine = ReferenceFlow.fixedSteps(mixture, 80, 0.002, z, 1 << 14);
            assertThat(reference.sub(fine).abs().max().getDouble()).isLessThan(tolerance);
            // and a fixed-step solve with 2^8 steps is off by more than 10x the tolerance: the check
            // can tell a reference that stopped early
            assertThat(ReferenceFlow.fixedSteps(mixture, 80, 0.002, z, 1 << 8).sub(fine).abs().max().getDouble())
                    .isGreaterThan(10 * tolerance);
        }
    }

    private static org.difflab.api.ClosedFormData closedForm(
            java.util.function.BiFunction<NDArray, org.difflab.api.math.PathPoint, NDArray> denoiser) {
        return new org.difflab.api.ClosedFormData() {
            public int dims() { return 1; }
            public NDArray posteriorMean(NDArray x, org.difflab.api.math.PathPoint p) { return denoiser.apply(x, p); }
            public double[] logDensity(double[][] x) { throw new UnsupportedOperationException(); }
        };
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
