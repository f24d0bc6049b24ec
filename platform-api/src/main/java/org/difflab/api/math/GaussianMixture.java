package org.difflab.api.math;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import org.difflab.api.ClosedFormData;
import org.difflab.api.model.Condition;

/**
 * A mixture of isotropic Gaussians sum_k w_k N(mu_k, s_k^2 I) in any dimension: the platform's exact
 * oracle. Under the affine path x_t = alpha x0 + sigma eps each component stays Gaussian,
 * x_t | k ~ N(alpha mu_k, v_k I) with v_k = alpha^2 s_k^2 + sigma^2, so the posterior mean is in closed form:
 * <pre>  E[x0 | x_t] = sum_k r_k(x_t) (mu_k + (alpha s_k^2 / v_k)(x_t - alpha mu_k)),
 *   r_k ~ w_k N(x_t; alpha mu_k, v_k I).</pre>
 *
 * <p>Components may be grouped into classes (each component belongs to one class c, each class has at least one
 * component). Class c's data are then the sub-mixture of its components, p(x0 | c) = sum_{k in c} w_k N(...) / W_c
 * with class weight W_c = sum_{k in c} w_k, and the class-conditional denoiser E[x0 | x_t, c] is the same formula
 * with the responsibilities restricted to class c's components (renormalised); p(x0) = sum_c W_c p(x0 | c).
 */
public final class GaussianMixture implements ClosedFormData {

    private static final double LOG_TWO_PI = Math.log(2.0 * Math.PI);

    private final double[][] means;
    private final double[] stds;
    private final double[] weights;
    private final double[] cumulativeWeights;
    /** The class of each component, or null for an unlabelled mixture. */
    private final int[] componentClasses;
    /** p(x0 | c) for each class c (unlabelled mixtures), or null for an unlabelled mixture. */
    private final GaussianMixture[] classMixtures;
    /** W_c = sum of the weights of class c's components, or null for an unlabelled mixture. */
    private final double[] classWeights;
    private final double[] meanSquares;
    private final boolean equalStds;
    /**
     * Whether every component has the same weight, std and |mu_k|^2 (bit for bit), so that the offsets c_k of the
     * log-responsibilities are equal at every t and drop out of the softmax (a ring of equal components).
     */
    private final boolean equalOffsets;

    /**
     * An unlabelled mixture.
     *
     * @param means component means, [K][dims]
     * @param stds per-component isotropic standard deviations, all &gt; 0
     * @param weights mixture weights, positive; normalised to sum 1
     */
    public GaussianMixture(double[][] means, double[] stds, double[] weights) {
        this(means, stds, weights, null);
    }

    /**
     * A mixture whose components are grouped into classes.
     *
     * @param means component means, [K][dims]
     * @param stds per-component isotropic standard deviations, all &gt; 0
     * @param weights mixture weights, positive; normalised to sum 1
     * @param classes the class of each component, [K], in 0..C-1 with every class used; null for unlabelled
     */
    public GaussianMixture(double[][] means, double[] stds, double[] weights, int[] classes) {
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
        this.equalOffsets = equalStds && Arrays.stream(this.weights).allMatch(w -> w == this.weights[0])
                && Arrays.stream(meanSquares).allMatch(m -> m == meanSquares[0]);
        if (classes == null) {
            componentClasses = null;
            classMixtures = null;
            classWeights = null;
            return;
        }
        componentClasses = checkedClasses(classes, k);
        int count = Arrays.stream(componentClasses).max().orElseThrow() + 1;
        classMixtures = new GaussianMixture[count];
        classWeights = new double[count];
        for (int c = 0; c < count; c++) {
            final int label = c;
            int[] members = IntStream.range(0, k).filter(i -> componentClasses[i] == label).toArray();
            double[][] classMeans = new double[members.length][];
            double[] classStds = new double[members.length];
            double[] memberWeights = new double[members.length];
            for (int m = 0; m < members.length; m++) {
                classMeans[m] = this.means[members[m]];
                classStds[m] = this.stds[members[m]];
                memberWeights[m] = this.weights[members[m]];
                classWeights[c] += this.weights[members[m]];
            }
            classMixtures[c] = new GaussianMixture(classMeans, classStds, memberWeights);
        }
    }

    private static int[] checkedClasses(int[] classes, int components) {
        if (classes.length != components) {
            throw new IllegalArgumentException("give one class per component: " + components + " components but "
                    + classes.length + " classes");
        }
        int count = 0;
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0) {
                throw new IllegalArgumentException("class of component " + i + " is " + classes[i]
                        + "; classes are integers >= 0");
            }
            count = Math.max(count, classes[i] + 1);
        }
        for (int c = 0; c < count; c++) {
            final int label = c;
            if (Arrays.stream(classes).noneMatch(l -> l == label)) {
                throw new IllegalArgumentException("no component has class " + c + " (classes " + Arrays.toString(classes)
                        + "); number the classes 0.." + (count - 1) + " with every class used");
            }
        }
        return classes.clone();
    }

    /** A single isotropic Gaussian N(mean, std^2 I). */
    public static GaussianMixture single(double[] mean, double std) {
        return new GaussianMixture(new double[][] {mean}, new double[] {std}, new double[] {1.0});
    }

    /**
     * The mixture with every component's std multiplied by {@code factor}; means, weights and classes unchanged.
     *
     * @throws IllegalArgumentException unless factor is a finite number &gt; 0
     */
    @Override
    public Optional<ClosedFormData> broadened(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("a std factor must be a finite number > 0, got " + factor);
        }
        double[] wider = Arrays.stream(stds).map(s -> s * factor).toArray();
        return Optional.of(new GaussianMixture(means, wider, weights, componentClasses));
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

    /** Number of classes C; 0 for an unlabelled mixture. */
    public int classes() {
        return classMixtures == null ? 0 : classMixtures.length;
    }

    /** The class of each component (copy); empty for an unlabelled mixture. */
    public int[] componentClasses() {
        return componentClasses == null ? new int[0] : componentClasses.clone();
    }

    /**
     * The class probabilities p(c) = W_c (copy).
     *
     * @throws IllegalStateException for an unlabelled mixture
     */
    public double[] classWeights() {
        return requireLabelled("class weights").clone();
    }

    /**
     * The data of class c, p(x0 | c): the (unlabelled) mixture of class c's components, weights renormalised.
     *
     * @throws IllegalStateException for an unlabelled mixture
     */
    public GaussianMixture classMixture(int c) {
        requireLabelled("class mixtures");
        if (c < 0 || c >= classMixtures.length) {
            throw new IllegalArgumentException("class " + c + " is out of range: this mixture has classes 0.."
                    + (classMixtures.length - 1));
        }
        return classMixtures[c];
    }

    private double[] requireLabelled(String what) {
        if (classWeights == null) {
            throw new IllegalStateException("this mixture has no classes, so no " + what);
        }
        return classWeights;
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
        return draw(n, rng, null);
    }

    /**
     * n independent draws with their labels: a draw's label is the class of the component it came from. The draws
     * equal {@link #sample}'s for the same {@code rng}.
     *
     * @throws IllegalStateException for an unlabelled mixture
     */
    public LabelledRows sampleLabelled(int n, Rng rng) {
        requireLabelled("labels");
        int[] drawnComponents = new int[n];
        double[][] x0 = draw(n, rng, drawnComponents);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = componentClasses[drawnComponents[i]];
        }
        return new LabelledRows(x0, labels);
    }

    /**
     * Draws with their labels.
     *
     * @param x0 the draws, [n][dims]
     * @param labels the class of each draw, [n]
     */
    public record LabelledRows(double[][] x0, int[] labels) {}

    /** n draws; the component of draw i goes to {@code drawnComponents[i]} if that array is given. */
    private double[][] draw(int n, Rng rng, int[] drawnComponents) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            int k = 0;
            while (u >= cumulativeWeights[k] && k < means.length - 1) {
                k++;
            }
            if (drawnComponents != null) {
                drawnComponents[i] = k;
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
     * The trace of the posterior covariance, tr Cov[x0 | x_t = x], at each row of {@code x} ([n][dims]). With the
     * component posteriors x0 | x_t, k ~ N(m_k, (s_k^2 sigma^2 / v_k) I), m_k = mu_k + (alpha s_k^2 / v_k)(x - alpha mu_k),
     * and responsibilities r_k (law of total covariance):
     * <pre>  tr Cov[x0 | x_t] = sum_k r_k (d s_k^2 sigma^2 / v_k + |m_k - m|^2),   m = sum_k r_k m_k = E[x0 | x_t].</pre>
     * It gives the Jacobian of the denoiser in closed form (second-order Tweedie: from alpha E[x0 | x_t] = x_t +
     * sigma^2 grad log p_t, d E[x0 | x_t] / d x_t = (alpha / sigma^2) Cov[x0 | x_t]), hence the exact divergence of the
     * probability-flow drift. Computed in float64 per row (O(n K d)); needs sigma &gt; 0.
     */
    public double[] posteriorCovarianceTrace(double[][] x, PathPoint p) {
        int k = means.length;
        int d = dims();
        double alpha = p.alpha();
        double sigma2 = p.sigma() * p.sigma();
        double[] v = new double[k];
        double[] logPrefactor = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = alpha * alpha * stds[i] * stds[i] + sigma2;
            logPrefactor[i] = Math.log(weights[i]) - 0.5 * d * Math.log(v[i]);
        }
        double[] out = new double[x.length];
        double[] logR = new double[k];
        double[][] m = new double[k][d];
        for (int row = 0; row < x.length; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                double gain = alpha * stds[i] * stds[i] / v[i];
                double squared = 0;
                for (int j = 0; j < d; j++) {
                    double residual = x[row][j] - alpha * means[i][j];
                    squared += residual * residual;
                    m[i][j] = means[i][j] + gain * residual;
                }
                logR[i] = logPrefactor[i] - 0.5 * squared / v[i];
                max = Math.max(max, logR[i]);
            }
            double total = 0;
            for (int i = 0; i < k; i++) {
                logR[i] = Math.exp(logR[i] - max);
                total += logR[i];
            }
            double[] mean = new double[d];
            for (int i = 0; i < k; i++) {
                logR[i] /= total;  // now r_k
                for (int j = 0; j < d; j++) {
                    mean[j] += logR[i] * m[i][j];
                }
            }
            double trace = 0;
            for (int i = 0; i < k; i++) {
                double spread = 0;
                for (int j = 0; j < d; j++) {
                    double diff = m[i][j] - mean[j];
                    spread += diff * diff;
                }
                trace += logR[i] * (d * stds[i] * stds[i] * sigma2 / v[i] + spread);
            }
            out[row] = trace;
        }
        return out;
    }

    /**
     * The exact class posterior p(c | x0 = x) = W_c p(x | c) / sum_c' W_c' p(x | c') (Bayes' rule), [n][C].
     *
     * @throws UnsupportedOperationException for an unlabelled mixture
     */
    @Override
    public double[][] classPosterior(double[][] x) {
        if (classMixtures == null) {
            return ClosedFormData.super.classPosterior(x);
        }
        int count = classMixtures.length;
        double[][] out = new double[x.length][count];
        for (int c = 0; c < count; c++) {
            double[] classLogDensity = classMixtures[c].logDensity(x);
            for (int i = 0; i < x.length; i++) {
                out[i][c] = Math.log(classWeights[c]) + classLogDensity[i];
            }
        }
        for (double[] row : out) {
            double max = Arrays.stream(row).max().orElseThrow();
            double total = 0;
            for (int c = 0; c < count; c++) {
                row[c] = Math.exp(row[c] - max);
                total += row[c];
            }
            for (int c = 0; c < count; c++) {
                row[c] /= total;
            }
        }
        return out;
    }

    /**
     * The exact class-conditional denoiser E[x0 | x_t = x, c], each sample with its own label, in one pass: the
     * responsibilities of components outside a sample's class are zero (log-responsibility -inf) and the rest
     * renormalise, which is the posterior mean of the class's sub-mixture. A sample without a label
     * ({@link Condition#NO_LABEL}) gets the unconditional E[x0 | x_t]; a condition with no labels at all is exactly
     * {@link #posteriorMean(NDArray, PathPoint)}.
     *
     * @throws IllegalArgumentException if the mixture has no classes and a sample has a label, if the condition has
     *     not one label per sample, or if a label is not a class of this mixture
     */
    @Override
    public NDArray posteriorMean(NDArray x, PathPoint p, Condition condition) {
        return posteriorMean(x, p, condition, IDENTITY);
    }

    /**
     * {@code map.onX() x + map.onOther() E[x0 | x_t = x, c]} in the posterior mean's own pass: the map is folded into
     * the coefficients of its last matrix product (below), so it costs no array operation of its own.
     */
    @Override
    public NDArray posteriorMean(NDArray x, PathPoint p, Condition condition, Combination map) {
        return posteriorMean(x, p, condition, map, null);
    }

    /**
     * The map of the posterior mean plus c y, with y stacked beside x as the last product's input when all stds are
     * equal (so the term costs no native call of its own); otherwise added afterwards.
     */
    @Override
    public NDArray posteriorMean(NDArray x, PathPoint p, Condition condition, Combination map, Addend plus) {
        if (plus != null && !equalStds) {
            return plus.addTo(posteriorMean(x, p, condition, map, null));
        }
        if (condition.isNone()) {
            return posteriorMean(x, p, (double[][]) null, map, plus);
        }
        if (classMixtures == null) {
            return ClosedFormData.super.posteriorMean(x, p, condition);   // refuses the labels
        }
        Condition.ClassLabels labels = (Condition.ClassLabels) condition;
        long batch = x.getShape().get(0);
        if (labels.size() != batch) {
            throw new IllegalArgumentException("the condition has " + labels.size() + " labels for a batch of " + batch
                    + " samples; give one label per sample");
        }
        int k = means.length;
        double[][] logMask = new double[labels.size()][k];
        for (int i = 0; i < labels.size(); i++) {
            int label = labels.label(i);
            if (label >= classMixtures.length) {
                throw new IllegalArgumentException("label " + label + " of sample " + i + " is not a class of this"
                        + " mixture (classes 0.." + (classMixtures.length - 1) + ", or -1 for none)");
            }
            for (int j = 0; j < k; j++) {
                boolean inClass = label == Condition.NO_LABEL || componentClasses[j] == label;
                logMask[i][j] = inClass ? 0.0 : Double.NEGATIVE_INFINITY;
            }
        }
        return posteriorMean(x, p, logMask, map, plus);
    }

    @Override
    public NDArray posteriorMean(NDArray x, PathPoint p) {
        return posteriorMean(x, p, (double[][]) null, IDENTITY, null);
    }

    /** The map that leaves the posterior mean as it is. */
    private static final Combination IDENTITY = new Combination(0.0, 1.0);

    /**
     * The posterior mean in ten array operations (a dozen with unequal stds), laid out [K, batch] so that every
     * reduction runs over the leading axis (vectorised across the batch; PyTorch's softmax over the last axis of
     * [batch, K] measured ten times slower at 1,000 samples) and every product is one BLAS call. With
     * |x - alpha mu_k|^2 expanded, the log responsibilities are
     * <pre>  log r_k = c_k + (alpha / v_k) mu_k . x - |x|^2 / (2 v_k) + const(x),
     *   c_k = log w_k - (d/2) log v_k - alpha^2 |mu_k|^2 / (2 v_k),</pre>
     * one matrix product (the |x|^2 term drops out of the softmax when all v_k are equal, and so do the offsets c_k
     * when they are equal too: equal weights, stds and |mu_k|^2, as on a ring; softmax(l + c) = softmax(l) for a
     * constant c, and it saves the offsets' array and their addition, a seventh of a small batch's time). PyTorch's softmax over
     * the components (one call: max-shifted, exponentiated and normalised) gives r_k, and a second product the two
     * sums the result needs at once,
     * <pre>  E[x0 | x] = sum_k r_k m_k + x sum_k r_k g_k,   m_k = mu_k (1 - alpha g_k), g_k = alpha s_k^2 / v_k.</pre>
     * The coefficients are built per call (they depend on alpha and sigma) directly in the input's data type,
     * O(K d); the temporaries are freed before returning. {@code logMask} ([B][K], 0 or -inf; null for none) is added
     * to the log-responsibilities (the class-conditional denoiser). A linear map a x + b E[x0 | x] goes into the
     * second product's coefficients, since sum_k r_k = 1:
     * <pre>  a x + b E[x0 | x] = sum_k r_k (b m_k) + x sum_k r_k (b g_k + a).</pre>
     * The identity map (a = 0, b = 1) leaves every coefficient, hence every result, as it is. When all v_k are equal,
     * g_k = g for every k and the x term is (b g + a) x itself: the second product then takes r stacked on x as its
     * input, with the coefficients (b m_k) beside (b g + a) I, so the whole result is that one product (no slices,
     * no separate multiply and add: fewer native calls, which dominate at small batches). An added term c y
     * ({@code plus}, equal stds only) is stacked below them in the same way, with c I beside the rest.
     *
     * <p>In float32, log-responsibilities more than {@link #FLOAT32_LOGIT_RANGE} below a sample's largest are raised
     * to that floor first: their exponentials would be subnormal numbers, which the processor handles in microcode,
     * several times slower than normal ones (on a 16-D mixture of 5 the posterior mean took 2-3 times as long in
     * float32 as in float64 without the floor, and 0.6 times as long with it). Each raised r_k is at most e^-60
     * (9e-27) of the sum, so the result moves by far less than float32's rounding of it.
     */
    private NDArray posteriorMean(NDArray x, PathPoint p, double[][] logMask, Combination map, Addend plus) {
        int k = means.length;
        int d = dims();
        double alpha = p.alpha();
        double sigma2 = p.sigma() * p.sigma();
        double[] projection = new double[k * d];  // [K, d]: alpha mu_k / v_k
        double[] offset = new double[k];           // [K, 1]: c_k
        double[] curvature = new double[k];        // [K, 1]: -1 / (2 v_k)
        // [d, K + d]: (b m_k) beside (b g + a) I when all v_k are equal (and c I beside them for c y: [d, K + 2d]);
        // else [d + 1, K]: columns (b m_k, b g_k + a)
        int width = !equalStds ? k : plus == null ? k + d : k + 2 * d;
        double[] sums = new double[equalStds ? d * width : (d + 1) * k];
        for (int i = 0; i < k; i++) {
            double s2 = stds[i] * stds[i];
            double v = alpha * alpha * s2 + sigma2;
            double gain = alpha * s2 / v;
            curvature[i] = -0.5 / v;
            offset[i] = Math.log(weights[i]) - 0.5 * d * Math.log(v) - 0.5 * alpha * alpha * meanSquares[i] / v;
            for (int j = 0; j < d; j++) {
                projection[i * d + j] = alpha * means[i][j] / v;
                sums[j * width + i] = map.onOther() * (means[i][j] * (1.0 - alpha * gain));
            }
            double onX = map.onOther() * gain + map.onX();
            if (!equalStds) {
                sums[d * k + i] = onX;
            } else if (i == 0) {
                for (int j = 0; j < d; j++) {
                    sums[j * width + k + j] = onX;   // the same for every component
                    if (plus != null) {
                        sums[j * width + k + d + j] = plus.coefficient();
                    }
                }
            }
        }
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager(x.getDevice())) {
            DataType type = x.getDataType();
            NDArray columns = x.transpose();                                                     // [d, B] view
            columns.attach(scope);
            Shape sumsShape = equalStds ? new Shape(d, width) : new Shape(d + 1, k);
            NDArray[] coefficients = equalOffsets
                    ? constants(scope, type, new double[][] {projection, sums}, new Shape(k, d), sumsShape)
                    : constants(scope, type, new double[][] {projection, sums, offset}, new Shape(k, d), sumsShape,
                            new Shape(k, 1));
            NDArray logits = coefficients[0].matMul(columns);                                     // [K, B]
            if (!equalOffsets) {
                logits.addi(coefficients[2]);
            }
            NDArray mask = logMask == null ? null
                    : constant(scope, transposed(logMask, k), new Shape(k, logMask.length), type);
            if (mask != null) {
                logits.addi(mask);
            }
            if (!equalStds) {
                NDArray squaredNorm = constant(scope, ones(d), new Shape(1, d), type)
                        .matMul(columns.mul(columns));                                            // [1, B]
                logits.addi(constant(scope, curvature, new Shape(k, 1), type).matMul(squaredNorm));
            }
            if (type == DataType.FLOAT32) {
                // the floor is detached from autograd's graph, so the mixture stays differentiable in x (the
                // likelihood's divergence by autograd) with the raised logits' gradient zero
                NDArray floor = maxOverRows(logits, k).stopGradient().subi(FLOAT32_LOGIT_RANGE);      // [1, B]
                logits = logits.maximum(floor);
                if (mask != null) {
                    logits.addi(mask);   // a masked-out component stays at -inf: its weight is exactly 0
                }
            }
            NDArray r = logits.softmax(0);                                                        // [K, B]
            NDArray product;                                                                      // [d, B]
            if (equalStds) {
                NDList stacked = plus == null ? new NDList(r, columns) : new NDList(r, columns, plusColumns(plus, scope));
                product = coefficients[1].matMul(NDArrays.concat(stacked, 0));
            } else {
                NDArray weighted = coefficients[1].matMul(r);                                     // [d + 1, B]
                NDArray fromMeans = weighted.get(new NDIndex().addSliceDim(0, d));
                NDArray onX = weighted.get(new NDIndex().addSliceDim(d, d + 1));
                product = columns.mul(onX).addi(fromMeans);
            }
            // a view: [B, d] in x's memory order after the unequal-stds product (which takes x's order), else
            // column-major; every later operation and read-out handles either
            NDArray out = product.transpose();
            out.attach(caller);
            return out;
        }
    }

    /** y of c y as [d, B] (a view of y), in this pass's scope. */
    private static NDArray plusColumns(Addend plus, NDManager scope) {
        NDArray columns = plus.array().transpose();
        columns.attach(scope);
        return columns;
    }

    /**
     * How far below a sample's largest log-responsibility float32 keeps the others. Float32's smallest normal number
     * is 2^-126 = e^-87.3; a floor at e^-87 still left the second product's terms r_k times a coefficient below one
     * subnormal, and as slow (measured), while e^-60 leaves them a factor of 1e-11 of room.
     */
    static final double FLOAT32_LOGIT_RANGE = 60.0;

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

    /**
     * Arrays of {@code type} holding {@code values[i]} in {@code shapes[i]}, all in one native buffer: each array
     * wraps its part of the buffer without a copy (DJL keeps the buffer alive with the array), which costs a third
     * less than an allocation and a copy per array (measured: 6.4 against 9.8 us for the three coefficient arrays).
     */
    private static NDArray[] constants(NDManager manager, DataType type, double[][] values, Shape... shapes) {
        NDArray[] out = new NDArray[values.length];
        if (type != DataType.FLOAT64 && type != DataType.FLOAT32) {
            for (int i = 0; i < values.length; i++) {
                out[i] = constant(manager, values[i], shapes[i], type);
            }
            return out;
        }
        int width = type.getNumOfBytes();
        int total = 0;
        for (double[] part : values) {
            total += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(total * width).order(ByteOrder.nativeOrder());
        int start = 0;
        for (int i = 0; i < values.length; i++) {
            ByteBuffer part = buffer.slice(start * width, values[i].length * width).order(ByteOrder.nativeOrder());
            for (int j = 0; j < values[i].length; j++) {
                if (type == DataType.FLOAT64) {
                    part.putDouble(j * width, values[i][j]);
                } else {
                    part.putFloat(j * width, (float) values[i][j]);
                }
            }
            out[i] = manager.create(part, shapes[i], type);
            start += values[i].length;
        }
        return out;
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

    /** [B][K] as a flat [K, B] array. */
    private static double[] transposed(double[][] rows, int k) {
        double[] out = new double[k * rows.length];
        for (int b = 0; b < rows.length; b++) {
            for (int j = 0; j < k; j++) {
                out[j * rows.length + b] = rows[b][j];
            }
        }
        return out;
    }
}
