package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.difflab.api.math.Combination;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.junit.jupiter.api.Test;

/**
 * The one-call posterior mean computes what the mixture's own DJL operations compute, from the same packed
 * coefficients: the only difference allowed is the order in which the offsets join the first product (addmm against
 * a product then an add), a few units of rounding of the logits, which the softmax passes on as a relative change
 * of the same size. Tolerance: 16 units of rounding of the largest term, |b| max |m_k| + |b g + a| |x|; a wrong
 * coefficient, slice or layout would be off by O(1) of it.
 */
class FusedMixtureMeanTest {

    private static final Combination[] MAPS = {new Combination(0.0, 1.0), new Combination(1.0, -0.35),
            new Combination(-2.5, 3.0)};

    /** EDM's levels from the top to the bottom of its range, and two variance-preserving points (alpha < 1). */
    private static final PathPoint[] POINTS = {new PathPoint(80, 1, 80, 0, 1), new PathPoint(1.3, 1, 1.3, 0, 1),
            new PathPoint(0.002, 1, 0.002, 0, 1), new PathPoint(0.5, 0.8, 0.6, -0.6, 0.8),
            new PathPoint(0.99, 0.05, 0.9987, -1.5, 0.07)};

    @Test
    void equalsTheMixturesOwnOperationsInBothPrecisions() {
        int checked = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (GaussianMixture mixture : new GaussianMixture[] {ring(), mixture(16, 5, 0.2, 7)}) {
                int d = mixture.dims();
                int n = 300;
                NDArray base = manager.create(new Rng(9).gaussians(n * d), new Shape(n, d)).mul(2.0);
                for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
                    NDArray x = base.toType(type, false);
                    double unit = type == DataType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
                    double maxX = Arrays.stream(base.abs().toDoubleArray()).max().orElseThrow();
                    double maxMean = Arrays.stream(mixture.means()).flatMapToDouble(Arrays::stream).map(Math::abs)
                            .max().orElseThrow();
                    for (PathPoint p : POINTS) {
                        for (Combination map : MAPS) {
                            assertThat(FusedMixtureMean.supports(x)).isTrue();
                            double[] packed = mixture.packedCoefficients(p, map).orElseThrow();
                            NDArray fused = FusedMixtureMean.apply(x, packed);
                            assertThat(fused.getShape()).isEqualTo(x.getShape());
                            assertThat(fused.getDataType()).isEqualTo(type);
                            double[] got = fused.toType(DataType.FLOAT64, false).toDoubleArray();
                            double[] want = mixture.posteriorMean(x, p, Condition.NONE, map)
                                    .toType(DataType.FLOAT64, false).toDoubleArray();
                            double gain = p.alpha() * 0.04 / (p.alpha() * p.alpha() * 0.04 + p.sigma() * p.sigma());
                            double scale = Math.abs(map.onOther()) * maxMean
                                    + Math.abs(map.onOther() * gain + map.onX()) * maxX;
                            for (int i = 0; i < got.length; i++) {
                                assertThat(Math.abs(got[i] - want[i])).as("%s %s %s %s [%d]", type, p, map,
                                        mixture.dims(), i).isLessThanOrEqualTo(16 * unit * Math.max(scale, 1));
                            }
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(2 * 2 * POINTS.length * MAPS.length);
    }

    /**
     * At sigma = 0.002 the logits of a 16-D mixture with std 0.2 spread over thousands, where float32's floor
     * ({@link GaussianMixture#FLOAT32_LOGIT_RANGE} below each sample's largest) raises most of them in both paths (the
     * floor changes speed, not values: a raised term is below float32's rounding of the sum): the result stays
     * finite and equal to the mixture's, sample for sample.
     */
    @Test
    void float32FarFromTheModesStaysFiniteAndEqual() {
        GaussianMixture mixture = mixture(16, 5, 0.2, 3);
        PathPoint p = new PathPoint(0.002, 1, 0.002, 0, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new Rng(4).gaussians(200 * 16), new Shape(200, 16)).mul(3.0)
                    .toType(DataType.FLOAT32, false);
            double[] got = FusedMixtureMean.apply(x, mixture.packedCoefficients(p, MAPS[0]).orElseThrow())
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            double[] want = mixture.posteriorMean(x, p, Condition.NONE, MAPS[0]).toType(DataType.FLOAT64, false)
                    .toDoubleArray();
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).isFinite();
                assertThat(Math.abs(got[i] - want[i])).isLessThanOrEqualTo(16 * Math.ulp(10.0f));
            }
        }
    }

    @Test
    void takesNeitherArraysRecordingAGradientNorIntegers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new double[] {1, 2, 3, 4}, new Shape(2, 2));
            assertThat(FusedMixtureMean.supports(x)).isTrue();
            assertThat(FusedMixtureMean.supports(x.toType(DataType.INT32, false))).isFalse();
            x.setRequiresGradient(true);
            assertThat(FusedMixtureMean.supports(x)).isFalse();
        }
    }

    @Test
    void onlyMixturesWithOneStdPackTheirCoefficients() {
        GaussianMixture unequal = new GaussianMixture(new double[][] {{0, 0}, {1, 1}}, new double[] {0.2, 0.3},
                new double[] {1, 1});
        assertThat(unequal.packedCoefficients(POINTS[1], MAPS[0])).isEmpty();
        // K d + K + d (K + d) values: projection, offsets, sums
        assertThat(ring().packedCoefficients(POINTS[1], MAPS[0]).orElseThrow()).hasSize(8 * 2 + 8 + 2 * 10);
    }

    /** The quickstart's ring: 8 components of std 0.2 on a circle of radius 2. */
    private static GaussianMixture ring() {
        double[][] means = new double[8][];
        for (int k = 0; k < 8; k++) {
            means[k] = new double[] {2 * Math.cos(2 * Math.PI * k / 8), 2 * Math.sin(2 * Math.PI * k / 8)};
        }
        double[] stds = new double[8];
        Arrays.fill(stds, 0.2);
        double[] weights = new double[8];
        Arrays.fill(weights, 1.0);
        return new GaussianMixture(means, stds, weights);
    }

    private static GaussianMixture mixture(int d, int k, double std, long seed) {
        Rng rng = new Rng(seed);
        double[][] means = new double[k][d];
        for (double[] mean : means) {
            for (int j = 0; j < d; j++) {
                mean[j] = rng.nextGaussian();
            }
        }
        double[] stds = new double[k];
        Arrays.fill(stds, std);
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            weights[i] = 1.0 + i;
        }
        return new GaussianMixture(means, stds, weights);
    }
}
