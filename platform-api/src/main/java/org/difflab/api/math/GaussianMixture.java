package org.difflab.api.math;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.difflab.api.ClosedFormData;

/**
 * A mixture of isotropic Gaussians sum_k w_k N(mu_k, s_k^2 I) in any dimension: the platform's exact
 * oracle. Under the affine path x_t = alpha x0 + sigma eps each component stays Gaussian,
 * x_t | k ~ N(alpha mu_k, v_k I) with v_k = alpha^2 s_k^2 + sigma^2, so the posterior mean is in closed form:
 * <pre>  E[x0 | x_t] = sum_k r_k(x_t) (mu_k + (alpha s_k^2 / v_k)(x_t - alpha mu_k)),
 *   r_k ~ w_k N(x_t; alpha mu_k, v_k I).</pre>
 */
public final class GaussianMixture implements ClosedFormData {

    private static final double LOG_TWO_PI = Math.log(2.0 * Math.PI);

    private final double[][] means;
    private final double[] stds;
    private final double[] weights;
    private final double[] cumulativeWeights;
    private final double[] meanSquares;
    private final boolean equalStds;

    /**
     * @param means component means, [K][dims]
     * @param stds per-component isotropic standard deviations, all &gt; 0
     * @param weights mixture weights, positive; normalised to sum 1
     */
    public GaussianMixture(double[][] means, double[] stds, double[] weights) {
        int k = means.length;
        if (k == 0 || stds.length != k || weights.length != k) {
            throw new IllegalArgumentException("means, stds and weights need the same non-zero length (got "
                    + k + ", " + stds.length + ", " + weights.length + ")");
        }
        int dims = means[0].length;
        double total = 0;
        for (int i = 0; i < k; i++) {
            if (means[i].length != dims || dims == 0) {
                throw new IllegalArgumentException("every mean needs the same non-zero dimension");
            }
            if (!(stds[i] > 0) || !(weights[i] > 0)) {
                throw new IllegalArgumentException("stds and weights must be > 0");
            }
            total += weights[i];
        }
        this.means = Arrays.stream(means).map(double[]::clone).toArray(double[][]::new);
        this.stds = stds.clone();
        this.weights = new double[k];
        this.cumulativeWeights = new double[k];
        double running = 0;
        for (int i = 0; i < k; i++) {
            this.weights[i] = weights[i] / total;
            running += this.weights[i];
            cumulativeWeights[i] = running;
        }
        cumulativeWeights[k - 1] = 1.0;
        this.meanSquares = new double[k];
        for (int i = 0; i < k; i++) {
            for (double v : this.means[i]) {
                meanSquares[i] += v * v;
            }
        }
        this.equalStds = Arrays.stream(stds).allMatch(s -> s == stds[0]);
    }

    /** A single isotropic Gaussian N(mean, std^2 I). */
    public static GaussianMixture single(double[] mean, double std) {
        return new GaussianMixture(new double[][] {mean}, new double[] {std}, new double[] {1.0});
    }

    @Override
    public int dims() {
        return means[0].length;
    }

    /** Number of components K. */
    public int components() {
        return means.length;
    }

    /** Component means (copy). */
    public double[][] means() {
        return Arrays.stream(means).map(double[]::clone).toArray(double[][]::new);
    }

    /** Component standard deviations (copy). */
    public double[] stds() {
        return stds.clone();
    }

    /** Normalised weights (copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** Per-coordinate standard deviation of the data, averaged over coordinates (EDM's sigma_data). */
    public double dataStd() {
        int d = dims();
        double[] mean = new double[d];
        for (int k = 0; k < means.length; k++) {
            for (int j = 0; j < d; j++) {
                mean[j] += weights[k] * means[k][j];
            }
        }
        double variance = 0;
        for (int k = 0; k < means.length; k++) {
            double spread = 0;
            for (int j = 0; j < d; j++) {
                double diff = means[k][j] - mean[j];
                spread += diff * diff;
            }
            variance += weights[k] * (stds[k] * stds[k] + spread / d);
        }
        return Math.sqrt(variance);
    }

    /** n independent draws, [n][dims]. */
    public double[][] sample(int n, Rng rng) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            int k = 0;
            while (u >= cumulativeWeights[k] && k < means.length - 1) {
                k++;
            }
            double[] x = new double[dims()];
            for (int j = 0; j < x.length; j++) {
                x[j] = means[k][j] + stds[k] * rng.nextGaussian();
            }
            out[i] = x;
        }
        return out;
    }

    @Override
    public double[] logDensity(double[][] x) {
        int d = dims();
        double[] out = new double[x.length];
        double[] terms = new double[means.length];
        for (int i = 0; i < x.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < means.length; k++) {
                double variance = stds[k] * stds[k];
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    double diff = x[i][j] - means[k][j];
                    sq += diff * diff;
                }
                terms[k] = Math.log(weights[k]) - 0.5 * d * (LOG_TWO_PI + Math.log(variance)) - 0.5 * sq / variance;
                max = Math.max(max, terms[k]);
            }
            double sum = 0;
            for (double term : terms) {
                sum += Math.exp(term - max);
            }
            out[i] = max + Math.log(sum);
        }
        return out;
    }

    /**
     * The posterior mean in a dozen array operations, laid out [K, batch] so that every reduction runs over the
     * leading axis (vectorised across the batch) and every product is one BLAS call. With |x - alpha mu_k|^2
     * expanded, the log responsibilities are
     * <pre>  log r_k = c_k + (alpha / v_k) mu_k . x - |x|^2 / (2 v_k) + const(x),
     *   c_k = log w_k - (d/2) log v_k - alpha^2 |mu_k|^2 / (2 v_k),</pre>
     * one matrix product (the |x|^2 term drops out of the softmax when all v_k are equal). With
     * e_k = exp(log r_k - max_j log r_j), a second product gives the three sums the result needs at once,
     * <pre>  E[x0 | x] = (sum_k e_k m_k + x sum_k e_k g_k) / sum_k e_k,   m_k = mu_k (1 - alpha g_k), g_k = alpha s_k^2 / v_k.</pre>
     * The coefficients are built per call (they depend on alpha and sigma) directly in the input's data type,
     * O(K d); the temporaries are freed before returning.
     */
    @Override
    public NDArray posteriorMean(NDArray x, PathPoint p) {
        int k = means.length;
        int d = dims();
        double alpha = p.alpha();
        double sigma2 = p.sigma() * p.sigma();
        double[] projection = new double[k * d];  // [K, d]: alpha mu_k / v_k
        double[] offset = new double[k];           // [K, 1]: c_k
        double[] curvature = new double[k];        // [K, 1]: -1 / (2 v_k)
        double[] sums = new double[(d + 2) * k];   // [d + 2, K]: columns (m_k, g_k, 1)
        for (int i = 0; i < k; i++) {
            double s2 = stds[i] * stds[i];
            double v = alpha * alpha * s2 + sigma2;
            double gain = alpha * s2 / v;
            curvature[i] = -0.5 / v;
            offset[i] = Math.log(weights[i]) - 0.5 * d * Math.log(v) - 0.5 * alpha * alpha * meanSquares[i] / v;
            for (int j = 0; j < d; j++) {
                projection[i * d + j] = alpha * means[i][j] / v;
                sums[j * k + i] = means[i][j] * (1.0 - alpha * gain);
            }
            sums[d * k + i] = gain;
            sums[(d + 1) * k + i] = 1.0;
        }
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager(x.getDevice())) {
            DataType type = x.getDataType();
            NDArray columns = x.transpose();                                                     // [d, B] view
            columns.attach(scope);
            NDArray logits = constant(scope, projection, new Shape(k, d), type).matMul(columns); // [K, B]
            logits.addi(constant(scope, offset, new Shape(k, 1), type));
            if (!equalStds) {
                NDArray squaredNorm = constant(scope, ones(d), new Shape(1, d), type)
                        .matMul(columns.mul(columns));                                            // [1, B]
                logits.addi(constant(scope, curvature, new Shape(k, 1), type).matMul(squaredNorm));
            }
            NDArray e = logits.subi(maxOverRows(logits, k)).exp();                                // [K, B]
            NDArray weighted = constant(scope, sums, new Shape(d + 2, k), type).matMul(e);        // [d + 2, B]
            NDArray fromMeans = weighted.get(new NDIndex().addSliceDim(0, d));
            NDArray onX = weighted.get(new NDIndex().addSliceDim(d, d + 1));
            NDArray total = weighted.get(new NDIndex().addSliceDim(d + 1, d + 2));
            // the product takes x's memory order, so its transpose is a contiguous [B, d] array
            NDArray out = columns.mul(onX).addi(fromMeans).divi(total).transpose();
            out.attach(caller);
            return out;
        }
    }

    /** The maximum over the leading axis of [rows, B] as [1, B]: pairwise maxima of halves, log2(rows) steps. */
    private static NDArray maxOverRows(NDArray values, long rows) {
        NDArray max = values;
        while (rows > 1) {
            long half = (rows + 1) / 2;
            // rows [0, half) against rows [rows - half, rows): overlapping by one row when rows is odd
            max = max.get(new NDIndex().addSliceDim(0, half)).maximum(max.get(new NDIndex().addSliceDim(rows - half, rows)));
            rows = half;
        }
        return max;
    }

    private static NDArray constant(NDManager manager, double[] values, Shape shape, DataType type) {
        if (type == DataType.FLOAT64) {
            return manager.create(values, shape);
        }
        if (type == DataType.FLOAT32) {
            float[] narrow = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                narrow[i] = (float) values[i];
            }
            return manager.create(narrow, shape);
        }
        return manager.create(values, shape).toType(type, false);
    }

    private static double[] ones(int n) {
        double[] out = new double[n];
        Arrays.fill(out, 1.0);
        return out;
    }
}
