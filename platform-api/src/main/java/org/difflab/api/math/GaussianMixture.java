package org.difflab.api.math;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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

    @Override
    public NDArray posteriorMean(NDArray x, PathPoint p) {
        NDManager manager = x.getManager();
        DataType type = x.getDataType();
        int k = means.length;
        int d = dims();
        double alpha = p.alpha();
        double sigma2 = p.sigma() * p.sigma();
        double[] logPrior = new double[k];   // log w_k - (d/2) log v_k
        double[] inverseTwoV = new double[k]; // 1 / (2 v_k)
        double[] gain = new double[k];        // alpha s_k^2 / v_k
        double[][] shrunkMean = new double[k][d]; // mu_k (1 - alpha^2 s_k^2 / v_k)
        for (int i = 0; i < k; i++) {
            double s2 = stds[i] * stds[i];
            double v = alpha * alpha * s2 + sigma2;
            logPrior[i] = Math.log(weights[i]) - 0.5 * d * Math.log(v);
            inverseTwoV[i] = 0.5 / v;
            gain[i] = alpha * s2 / v;
            for (int j = 0; j < d; j++) {
                shrunkMean[i][j] = means[i][j] * (1.0 - alpha * gain[i]);
            }
        }
        NDArray scaledMeans = manager.create(means).mul(alpha).toType(type, false);   // [K, d]
        NDArray diff = x.expandDims(1).sub(scaledMeans.expandDims(0));                // [B, K, d]
        NDArray sq = diff.square().sum(new int[] {2});                                // [B, K]
        NDArray logits = sq.mul(manager.create(inverseTwoV).toType(type, false).neg())
                .add(manager.create(logPrior).toType(type, false));
        NDArray resp = logits.softmax(1);                                             // [B, K]
        NDArray fromMeans = resp.matMul(manager.create(shrunkMean).toType(type, false)); // [B, d]
        NDArray onX = resp.matMul(manager.create(gain).toType(type, false).reshape(k, 1)); // [B, 1]
        return fromMeans.add(x.mul(onX));
    }
}
