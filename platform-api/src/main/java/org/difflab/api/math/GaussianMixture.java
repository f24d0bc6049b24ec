package org.difflab.api.math;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
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
        if (condition.isNone()) {
            return posteriorMean(x, p);
        }
        if (classMixtures == null) {
            return ClosedFormData.super.posteriorMean(x, p, condition);
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
        return posteriorMean(x, p, logMask);
    }

    @Override
    public NDArray posteriorMean(NDArray x, PathPoint p) {
        return posteriorMean(x, p, (double[][]) null);
    }

    /**
     * E[x0 | x_t = x] with {@code logMask} ([B][K], 0 or -inf; null for none) added to the log-responsibilities.
     */
    private NDArray posteriorMean(NDArray x, PathPoint p, double[][] logMask) {
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
        if (logMask != null) {
            logits = logits.add(manager.create(logMask).toType(type, false));
        }
        NDArray resp = logits.softmax(1);                                             // [B, K]
        NDArray fromMeans = resp.matMul(manager.create(shrunkMean).toType(type, false)); // [B, d]
        NDArray onX = resp.matMul(manager.create(gain).toType(type, false).reshape(k, 1)); // [B, 1]
        return fromMeans.add(x.mul(onX));
    }
}
