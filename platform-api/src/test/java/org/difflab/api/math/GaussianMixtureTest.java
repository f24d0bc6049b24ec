package org.difflab.api.math;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The array implementation of the exact denoiser against the textbook formula evaluated row by row in float64:
 * <pre>  E[x0 | x] = sum_k r_k (mu_k + (alpha s_k^2 / v_k)(x - alpha mu_k)),
 *   log r_k = log w_k - (d/2) log v_k - |x - alpha mu_k|^2 / (2 v_k) - logsumexp,</pre>
 * with the differences x - alpha mu_k formed directly (the implementation expands the square into a matrix
 * product instead, and normalises the responsibilities by a softmax).
 */
class GaussianMixtureTest {

    /** Path points from nearly clean to nearly pure noise, alpha = 1 (EDM), VP-like, and alpha = 0 (the noise end of flow matching). */
    private static final PathPoint[] POINTS = {
        new PathPoint(0.002, 1.0, 0.002, 0.0, 1.0),
        new PathPoint(0.5, 1.0, 0.5, 0.0, 1.0),
        new PathPoint(80, 1.0, 80, 0.0, 1.0),
        new PathPoint(0.75, 0.6, 0.8, -0.6, 0.8),
        new PathPoint(1.0, 0.0, 1.0, -1.0, 1.0),
    };

    static Stream<Arguments> mixtures() {
        Rng rng = new Rng(5);
        return Stream.of(
                Arguments.of("2-D, unequal stds and weights", new GaussianMixture(
                        new double[][] {{-2.0, 0.0}, {1.0, 1.0}, {0.5, -1.5}}, new double[] {0.3, 0.5, 0.4},
                        new double[] {2.0, 1.0, 1.0})),
                Arguments.of("ring of 8, equal stds", ring(8)),
                Arguments.of("one component", GaussianMixture.single(new double[] {1.0, -3.0, 0.5}, 0.7)),
                Arguments.of("16-D, 5 components", random(rng, 16, 5, 0.2, false)),
                Arguments.of("3-D, 256 components, unequal stds", random(rng, 3, 256, 0.1, true)),
                Arguments.of("1024-D, 8 components", random(rng, 1024, 8, 0.2, false)));
    }

    /**
     * Float64 agrees with the row-by-row formula to rounding. Bound: the expanded square differs from the direct
     * one by a few ulps of |x|^2 + alpha^2 |mu|^2, i.e. relative 1e-15 of (|x| + alpha |mu|)^2 / v in the log
     * responsibilities; a log-responsibility error delta moves the mean by at most delta times the spread of the
     * component means. Tolerance: 1e-14 (1 + (|x| + alpha max|mu|)^2 / v_min) (1 + max|mu| + |x|).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mixtures")
    void float64AgreesWithTheTextbookFormula(String name, GaussianMixture mixture) {
        compare(mixture, DataType.FLOAT64, 1e-14);
    }

    /** Float32 computes in float32 throughout: the same bound with float32's unit roundoff (6e-8 instead of 1.1e-16). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mixtures")
    void float32AgreesToItsOwnPrecision(String name, GaussianMixture mixture) {
        compare(mixture, DataType.FLOAT32, 1e-14 * (1 << 29));
    }

    /**
     * A linear read-out a x + b E[x0 | x] folded into the posterior mean's last product equals the map applied to the
     * posterior mean afterwards: exactly for the identity (a = 0, b = 1: no coefficient changes), and otherwise to the
     * few roundings of the folded coefficients b m_k and b g_k + a, each relative to its own size: tolerance
     * unit (1 + |a| |x| + |b| (max|mu| + |x|)) per coordinate. Unlabelled and class-conditional, float64 and float32.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mixtures")
    void aReadOutIsFoldedIntoThePosteriorMeansPass(String name, GaussianMixture mixture) {
        GaussianMixture labelled = labelled(mixture);
        double largestMean = largestMean(mixture);
        Combination identity = new Combination(0.0, 1.0);
        Combination eps = new Combination(1.25, -1.25 * 0.8);   // (x - alpha x0) / sigma at alpha = 0.8, sigma = 0.8
        int d = mixture.dims();
        double[][] queries = queries(mixture, new Rng(23));
        double[] flat = flat(queries);
        org.difflab.api.model.Condition condition = someLabelled(mixture, queries.length);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
                double unit = type == DataType.FLOAT64 ? 1e-14 : 1e-14 * (1 << 29);
                NDArray x = manager.create(flat, new Shape(queries.length, d)).toType(type, false);
                for (PathPoint p : POINTS) {
                    NDArray mean = labelled.posteriorMean(x, p, condition);
                    assertThat(labelled.posteriorMean(x, p, condition, identity).toType(DataType.FLOAT64, false)
                            .toDoubleArray()).as("identity at t=%s, %s", p.t(), type)
                            .containsExactly(mean.toType(DataType.FLOAT64, false).toDoubleArray());
                    NDArray folded = labelled.posteriorMean(x, p, condition, eps);
                    assertThat(folded.getDataType()).isEqualTo(type);
                    double[] got = folded.toType(DataType.FLOAT64, false).toDoubleArray();
                    double[] expected = eps.apply(x, mean).toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int i = 0; i < queries.length; i++) {
                        double size = norm(java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d));
                        double tolerance = unit * (1 + Math.abs(eps.onX()) * size
                                + Math.abs(eps.onOther()) * (largestMean + size));
                        for (int j = 0; j < d; j++) {
                            assertThat(got[i * d + j]).as("t=%s, %s, query %d, coordinate %d", p.t(), type, i, j)
                                    .isCloseTo(expected[i * d + j], org.assertj.core.data.Offset.offset(tolerance));
                        }
                    }
                }
            }
        }
    }

    /**
     * An added term c y folded into the last product (equal stds) or added afterwards (unequal) equals the map's
     * result plus c y computed apart, to the roundings of the folded coefficients (as the read-out above) plus
     * those of c y: tolerance unit (1 + |a| |x| + |b| (max|mu| + |x|) + |c| |y|). Unlabelled and class-conditional,
     * float64 and float32.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mixtures")
    void anAddedTermIsFoldedIntoThePosteriorMeansPass(String name, GaussianMixture mixture) {
        GaussianMixture labelled = labelled(mixture);
        double largestMean = largestMean(mixture);
        Combination heun = new Combination(0.5, -0.3);
        int d = mixture.dims();
        double[][] queries = queries(mixture, new Rng(31));
        double[] flat = flat(queries);
        double[] other = new double[queries.length * d];
        for (int i = 0; i < queries.length; i++) {
            for (int j = 0; j < d; j++) {
                other[i * d + j] = Math.sin(3 * i + j) * (1 + norm(queries[i]));
            }
        }
        org.difflab.api.model.Condition condition = someLabelled(mixture, queries.length);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
                double unit = type == DataType.FLOAT64 ? 1e-14 : 1e-14 * (1 << 29);
                NDArray x = manager.create(flat, new Shape(queries.length, d)).toType(type, false);
                NDArray y = manager.create(other, new Shape(queries.length, d)).toType(type, false);
                for (PathPoint p : POINTS) {
                    NDArray folded = labelled.posteriorMean(x, p, condition, heun, new Addend(0.5, y));
                    assertThat(folded.getDataType()).isEqualTo(type);
                    assertThat(folded.getShape()).isEqualTo(x.getShape());
                    double[] got = folded.toType(DataType.FLOAT64, false).toDoubleArray();
                    double[] expected = heun.apply(x, labelled.posteriorMean(x, p, condition)).addi(y.mul(0.5))
                            .toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int i = 0; i < queries.length; i++) {
                        double size = norm(java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d));
                        double added = norm(java.util.Arrays.copyOfRange(other, i * d, (i + 1) * d));
                        double tolerance = unit * (1 + 0.5 * size + 0.3 * (largestMean + size) + 0.5 * added);
                        for (int j = 0; j < d; j++) {
                            assertThat(got[i * d + j]).as("t=%s, %s, query %d, coordinate %d", p.t(), type, i, j)
                                    .isCloseTo(expected[i * d + j], org.assertj.core.data.Offset.offset(tolerance));
                        }
                    }
                }
            }
        }
    }

    /**
     * On a ring of equal components the offsets c_k of the log-responsibilities are equal and are left out of the
     * softmax; a ring whose first weight is larger by a few ulps keeps them (its weights differ bit for bit) and must
     * give the same posterior mean: the weights differ by 4e-16 relative, which moves a mean by less than that times
     * the spread of the means (4), so 1e-14 (1 + |x|) is a bound with room for the two paths' own roundings.
     */
    @org.junit.jupiter.api.Test
    void equalOffsetsLeftOutOfTheSoftmaxChangeNothing() {
        GaussianMixture ring = ring(8);
        double[] weights = ring.weights();
        weights[0] = Math.nextUp(Math.nextUp(weights[0]));
        GaussianMixture withOffsets = new GaussianMixture(ring.means(), ring.stds(), weights);
        assertThat(withOffsets.weights()[0]).isNotEqualTo(ring.weights()[0]);
        double[][] queries = queries(ring, new Rng(29));
        double[] flat = flat(queries);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(flat, new Shape(queries.length, 2));
            for (PathPoint p : POINTS) {
                double[] left = ring.posteriorMean(x, p).toDoubleArray();
                double[] kept = withOffsets.posteriorMean(x, p).toDoubleArray();
                for (int i = 0; i < flat.length; i++) {
                    double size = Math.hypot(flat[i - i % 2], flat[i - i % 2 + 1]);
                    assertThat(left[i]).as("t=%s, value %d", p.t(), i)
                            .isCloseTo(kept[i], org.assertj.core.data.Offset.offset(1e-14 * (1 + size)));
                }
            }
        }
    }

    /** The mixture with its components in two classes (by index parity); a single component stays unlabelled. */
    private static GaussianMixture labelled(GaussianMixture mixture) {
        int k = mixture.components();
        int[] classes = new int[k];
        for (int i = 0; i < k; i++) {
            classes[i] = i % 2;
        }
        return k < 2 ? mixture : new GaussianMixture(mixture.means(), mixture.stds(), mixture.weights(), classes);
    }

    /** Labels -1 (none), 0, 1 in turn for {@link #labelled}'s classes; no condition for a single component. */
    private static org.difflab.api.model.Condition someLabelled(GaussianMixture mixture, int count) {
        if (mixture.components() < 2) {
            return org.difflab.api.model.Condition.NONE;
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 3 - 1;
        }
        return org.difflab.api.model.Condition.labels(labels);
    }

    private static double largestMean(GaussianMixture mixture) {
        double largest = 0;
        for (double[] mean : mixture.means()) {
            largest = Math.max(largest, norm(mean));
        }
        return largest;
    }

    /** Rows [n][d] as one flat array in row order. */
    private static double[] flat(double[][] rows) {
        int d = rows[0].length;
        double[] out = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * d, d);
        }
        return out;
    }

    private static void compare(GaussianMixture mixture, DataType type, double unit) {
        int d = mixture.dims();
        double[][] queries = queries(mixture, new Rng(17));
        double largestMean = largestMean(mixture);
        double smallestStd = Double.POSITIVE_INFINITY;
        for (double s : mixture.stds()) {
            smallestStd = Math.min(smallestStd, s);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            for (PathPoint p : POINTS) {
                double[] flat = new double[queries.length * d];
                for (int i = 0; i < queries.length; i++) {
                    for (int j = 0; j < d; j++) {
                        flat[i * d + j] = p.alpha() * queries[i][j] + (i % 3 == 0 ? p.sigma() : 0.0) * Math.cos(i + j);
                    }
                }
                NDArray x = manager.create(flat, new Shape(queries.length, d)).toType(type, false);
                double[] rounded = x.toType(DataType.FLOAT64, false).toDoubleArray();
                NDArray result = mixture.posteriorMean(x, p);
                assertThat(result.getShape()).isEqualTo(x.getShape());
                assertThat(result.getDataType()).isEqualTo(type);
                double[] got = result.toType(DataType.FLOAT64, false).toDoubleArray();
                double vMin = p.alpha() * p.alpha() * smallestStd * smallestStd + p.sigma() * p.sigma();
                for (int i = 0; i < queries.length; i++) {
                    double[] row = java.util.Arrays.copyOfRange(rounded, i * d, (i + 1) * d);
                    double[] expected = textbook(mixture, row, p);
                    double reach = norm(row) + Math.abs(p.alpha()) * largestMean;
                    double tolerance = unit * (1 + reach * reach / vMin) * (1 + largestMean + norm(row));
                    for (int j = 0; j < d; j++) {
                        assertThat(got[i * d + j]).as("t=%s, query %d, coordinate %d", p.t(), i, j)
                                .isCloseTo(expected[j], org.assertj.core.data.Offset.offset(tolerance));
                    }
                }
            }
        }
    }

    /** Draws near the modes, points between them, the origin and a point far from every mode. */
    private static double[][] queries(GaussianMixture mixture, Rng rng) {
        int d = mixture.dims();
        List<double[]> rows = new ArrayList<>(List.of(mixture.sample(12, rng)));
        double[][] means = mixture.means();
        for (int k = 0; k + 1 < Math.min(means.length, 6); k++) {
            double[] between = new double[d];
            for (int j = 0; j < d; j++) {
                between[j] = 0.5 * (means[k][j] + means[k + 1][j]);
            }
            rows.add(between);
        }
        rows.add(new double[d]);
        double[] far = new double[d];
        far[0] = 50.0;
        rows.add(far);
        return rows.toArray(double[][]::new);
    }

    private static double[] textbook(GaussianMixture mixture, double[] x, PathPoint p) {
        double[][] means = mixture.means();
        double[] stds = mixture.stds();
        double[] weights = mixture.weights();
        int d = x.length;
        int k = means.length;
        double[] logR = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double v = p.alpha() * p.alpha() * stds[i] * stds[i] + p.sigma() * p.sigma();
            double sq = 0;
            for (int j = 0; j < d; j++) {
                double diff = x[j] - p.alpha() * means[i][j];
                sq += diff * diff;
            }
            logR[i] = Math.log(weights[i]) - 0.5 * d * Math.log(v) - 0.5 * sq / v;
            max = Math.max(max, logR[i]);
        }
        double total = 0;
        for (int i = 0; i < k; i++) {
            total += Math.exp(logR[i] - max);
        }
        double[] out = new double[d];
        for (int i = 0; i < k; i++) {
            double r = Math.exp(logR[i] - max) / total;
            double v = p.alpha() * p.alpha() * stds[i] * stds[i] + p.sigma() * p.sigma();
            double gain = p.alpha() * stds[i] * stds[i] / v;
            for (int j = 0; j < d; j++) {
                out[j] += r * (means[i][j] + gain * (x[j] - p.alpha() * means[i][j]));
            }
        }
        return out;
    }

    private static GaussianMixture ring(int k) {
        double[][] means = new double[k][];
        for (int i = 0; i < k; i++) {
            double angle = 2 * Math.PI * i / k;
            means[i] = new double[] {2 * Math.cos(angle), 2 * Math.sin(angle)};
        }
        double[] stds = new double[k];
        double[] weights = new double[k];
        java.util.Arrays.fill(stds, 0.2);
        java.util.Arrays.fill(weights, 1.0);
        return new GaussianMixture(means, stds, weights);
    }

    private static GaussianMixture random(Rng rng, int d, int k, double std, boolean unequal) {
        double[][] means = new double[k][d];
        double[] stds = new double[k];
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                means[i][j] = rng.nextGaussian();
            }
            stds[i] = unequal ? std * (1 + rng.nextDouble()) : std;
            weights[i] = 0.5 + rng.nextDouble();
        }
        return new GaussianMixture(means, stds, weights);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
