package org.difflab.api.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.difflab.api.model.Condition;
import org.junit.jupiter.api.Test;

/**
 * A Gaussian mixture whose components are grouped into classes: the conditional denoiser, the class posterior,
 * the class weights and the labelled draws, each against the mixture's formulas evaluated here by hand in plain
 * Java (not through the class under test).
 */
class LabelledGaussianMixtureTest {

    /** Five overlapping 2-D components in three classes; uneven stds and weights so a mix-up shows. */
    private static final double[][] MEANS = {{-1.0, 0.0}, {0.8, 0.4}, {0.2, 1.5}, {1.5, -1.0}, {-0.5, -1.2}};
    private static final double[] STDS = {0.5, 0.3, 0.6, 0.4, 0.7};
    private static final double[] WEIGHTS = {0.25, 0.15, 0.2, 0.3, 0.1};
    private static final int[] CLASSES = {0, 1, 0, 2, 1};
    private static final GaussianMixture MIXTURE = new GaussianMixture(MEANS, STDS, WEIGHTS, CLASSES);

    /** EDM-like at two noise levels, variance preserving, rectified flow near the noise end. */
    private static final PathPoint[] POINTS = {
        new PathPoint(0.3, 1.0, 0.3, 0.0, 1.0),
        new PathPoint(2.0, 1.0, 2.0, 0.0, 1.0),
        new PathPoint(0.75, 0.8, 0.6, -0.6, 0.8),
        new PathPoint(0.9, 0.1, 0.9, -1.0, 1.0),
    };

    /** Query points: near each mean, between them, and far out (where only the log domain keeps precision). */
    private static final double[][] QUERIES = {
        {-1.0, 0.1}, {0.8, 0.3}, {0.2, 1.4}, {1.4, -1.0}, {-0.4, -1.1}, {0.0, 0.0}, {0.5, 0.5}, {6.0, -4.0},
        {-9.0, 7.0},
    };

    /** Labels of the queries: every class, and samples with no label. */
    private static final int[] QUERY_LABELS = {0, 1, 2, -1, 0, 1, 2, -1, 0};

    // ---- the formulas, by hand ------------------------------------------------------------------------------

    /** log(w_k N(x; a mu_k, (a^2 s_k^2 + sigma^2) I)) for every component k. */
    private static double[] componentLogTerms(double[] x, double alpha, double sigma) {
        double[] out = new double[MEANS.length];
        for (int k = 0; k < MEANS.length; k++) {
            double v = alpha * alpha * STDS[k] * STDS[k] + sigma * sigma;
            double sq = 0;
            for (int j = 0; j < x.length; j++) {
                double d = x[j] - alpha * MEANS[k][j];
                sq += d * d;
            }
            out[k] = Math.log(WEIGHTS[k]) - 0.5 * x.length * Math.log(2 * Math.PI * v) - 0.5 * sq / v;
        }
        return out;
    }

    /** log sum_{k: keep[k]} exp(terms[k]). */
    private static double logSumExp(double[] terms, boolean[] keep) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < terms.length; k++) {
            if (keep[k]) {
                max = Math.max(max, terms[k]);
            }
        }
        double sum = 0;
        for (int k = 0; k < terms.length; k++) {
            if (keep[k]) {
                sum += Math.exp(terms[k] - max);
            }
        }
        return max + Math.log(sum);
    }

    private static boolean[] inClass(int label) {
        boolean[] keep = new boolean[CLASSES.length];
        for (int k = 0; k < keep.length; k++) {
            keep[k] = label == -1 || CLASSES[k] == label;
        }
        return keep;
    }

    /**
     * E[x0 | x_t = x, c] for the mixture of class c's components (all components for c = -1): responsibilities
     * r_k ~ w_k N(x; alpha mu_k, v_k I) over the class, and per component mu_k + (alpha s_k^2 / v_k)(x - alpha mu_k).
     */
    private static double[] posteriorMeanByHand(double[] x, PathPoint p, int label) {
        double[] terms = componentLogTerms(x, p.alpha(), p.sigma());
        boolean[] keep = inClass(label);
        double normaliser = logSumExp(terms, keep);
        double[] out = new double[x.length];
        for (int k = 0; k < MEANS.length; k++) {
            if (!keep[k]) {
                continue;
            }
            double r = Math.exp(terms[k] - normaliser);
            double v = p.alpha() * p.alpha() * STDS[k] * STDS[k] + p.sigma() * p.sigma();
            double gain = p.alpha() * STDS[k] * STDS[k] / v;
            for (int j = 0; j < x.length; j++) {
                out[j] += r * (MEANS[k][j] + gain * (x[j] - p.alpha() * MEANS[k][j]));
            }
        }
        return out;
    }

    /** p(c | x_t = x) by Bayes' rule: sum_{k in c} w_k N_k(x) / sum_k w_k N_k(x); x_t = x0 at alpha 1, sigma 0. */
    private static double[] classPosteriorByHand(double[] x, double alpha, double sigma) {
        double[] terms = componentLogTerms(x, alpha, sigma);
        double total = logSumExp(terms, inClass(-1));
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            out[c] = Math.exp(logSumExp(terms, inClass(c)) - total);
        }
        return out;
    }

    private static double[] row(NDArray array, int i) {
        return array.get(i).toType(DataType.FLOAT64, false).toDoubleArray();
    }

    // ---- the tests --------------------------------------------------------------------------------------------

    @Test
    void classesAndClassWeightsGroupTheComponents() {
        assertThat(MIXTURE.classes()).isEqualTo(3);
        assertThat(MIXTURE.componentClasses()).containsExactly(CLASSES);
        // W_0 = 0.25 + 0.2, W_1 = 0.15 + 0.1, W_2 = 0.3 (weights already sum to 1)
        assertThat(MIXTURE.classWeights()).containsExactly(new double[] {0.45, 0.25, 0.3}, within(1e-15));
        GaussianMixture class1 = MIXTURE.classMixture(1);
        assertThat(class1.classes()).isZero();
        assertThat(class1.means()).isDeepEqualTo(new double[][] {MEANS[1], MEANS[4]});
        assertThat(class1.stds()).containsExactly(STDS[1], STDS[4]);
        assertThat(class1.weights()).containsExactly(new double[] {0.6, 0.4}, within(1e-15));
        GaussianMixture unlabelled = new GaussianMixture(MEANS, STDS, WEIGHTS);
        assertThat(unlabelled.classes()).isZero();
        assertThat(unlabelled.componentClasses()).isEmpty();
        assertThatThrownBy(unlabelled::classWeights).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no classes");
    }

    /** E[x0 | x_t, c] is the posterior mean of class c's sub-mixture, for per-sample labels in one batch. */
    @Test
    void conditionalPosteriorMeanIsTheClassSubMixturesPosteriorMean() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(QUERIES);
            for (PathPoint p : POINTS) {
                NDArray conditional = MIXTURE.posteriorMean(x, p, Condition.labels(QUERY_LABELS));
                assertThat(conditional.getShape()).isEqualTo(x.getShape());
                for (int i = 0; i < QUERIES.length; i++) {
                    double[] expected = posteriorMeanByHand(QUERIES[i], p, QUERY_LABELS[i]);
                    assertThat(row(conditional, i)).as("t=%s, query %d, label %d", p.t(), i, QUERY_LABELS[i])
                            .containsExactly(expected, within(1e-12));
                }
                // The conditioning must matter: at moderate noise class 0 and class 2 disagree at the origin.
                double[] origin = {0.0, 0.0};
                double gap = Math.abs(posteriorMeanByHand(origin, p, 0)[0] - posteriorMeanByHand(origin, p, 2)[0]);
                assertThat(gap).as("classes 0 and 2 at the origin, t=%s", p.t()).isGreaterThan(0.05);
            }
        }
    }

    /** In float32 the conditional denoiser keeps the input's type and agrees to float32 precision. */
    @Test
    void conditionalPosteriorMeanKeepsFloat32() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(QUERIES).toType(DataType.FLOAT32, false);
            PathPoint p = POINTS[2];
            NDArray conditional = MIXTURE.posteriorMean(x, p, Condition.labels(QUERY_LABELS));
            assertThat(conditional.getDataType()).isEqualTo(DataType.FLOAT32);
            for (int i = 0; i < QUERIES.length; i++) {
                double[] expected = posteriorMeanByHand(QUERIES[i], p, QUERY_LABELS[i]);
                assertThat(row(conditional, i)).containsExactly(expected, within(1e-5));
            }
        }
    }

    /**
     * In float32 the components a label excludes keep weight exactly 0, also where float32's floor on the
     * log-responsibilities (against subnormal numbers) raises the others: a class whose only component is centred
     * at the origin denoises the origin to exactly 0, which any weight left on the other class would move.
     */
    @Test
    void excludedComponentsKeepWeightZeroInFloat32() {
        GaussianMixture twoClasses = new GaussianMixture(new double[][] {{0.0, 0.0}, {1.0, 1.0}},
                new double[] {0.3, 0.3}, new double[] {0.5, 0.5}, new int[] {0, 1});
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray origin = manager.create(new float[][] {{0f, 0f}});
            for (PathPoint p : POINTS) {
                NDArray denoised = twoClasses.posteriorMean(origin, p, Condition.labels(new int[] {0}));
                assertThat(denoised.toFloatArray()).as("t=%s", p.t()).containsExactly(0f, 0f);
            }
        }
    }

    /** No condition, or only "no label", is exactly the unconditional denoiser (same code, same numbers). */
    @Test
    void noConditionIsExactlyTheUnconditionalDenoiser() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(QUERIES);
            for (PathPoint p : POINTS) {
                double[] unconditional = MIXTURE.posteriorMean(x, p).toDoubleArray();
                assertThat(MIXTURE.posteriorMean(x, p, Condition.NONE).toDoubleArray()).containsExactly(unconditional);
                int[] none = new int[QUERIES.length];
                java.util.Arrays.fill(none, Condition.NO_LABEL);
                assertThat(MIXTURE.posteriorMean(x, p, Condition.labels(none)).toDoubleArray())
                        .containsExactly(unconditional);
                for (int i = 0; i < QUERIES.length; i++) {
                    assertThat(row(MIXTURE.posteriorMean(x, p), i)).containsExactly(
                            posteriorMeanByHand(QUERIES[i], p, -1), within(1e-12));
                }
            }
        }
    }

    /**
     * The label-weighted average at the level of x_t posteriors: E[x0 | x_t] = sum_c p(c | x_t) E[x0 | x_t, c],
     * with p(c | x_t) by Bayes' rule on the noisy class densities (class c's components N(alpha mu_k, v_k I)).
     */
    @Test
    void unconditionalPosteriorMeanIsTheClassPosteriorWeightedAverageOfTheConditionals() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(QUERIES);
            for (PathPoint p : POINTS) {
                NDArray unconditional = MIXTURE.posteriorMean(x, p);
                NDArray[] perClass = new NDArray[3];
                for (int c = 0; c < 3; c++) {
                    int[] labels = new int[QUERIES.length];
                    java.util.Arrays.fill(labels, c);
                    perClass[c] = MIXTURE.posteriorMean(x, p, Condition.labels(labels));
                }
                for (int i = 0; i < QUERIES.length; i++) {
                    double[] weights = classPosteriorByHand(QUERIES[i], p.alpha(), p.sigma());
                    double[] average = new double[2];
                    for (int c = 0; c < 3; c++) {
                        double[] mean = row(perClass[c], i);
                        for (int j = 0; j < 2; j++) {
                            average[j] += weights[c] * mean[j];
                        }
                    }
                    assertThat(row(unconditional, i)).as("t=%s, query %d", p.t(), i)
                            .containsExactly(average, within(1e-12));
                }
            }
        }
    }

    /** p(c | x0 = x) is Bayes' rule, its rows sum to 1, also far from every mean. */
    @Test
    void classPosteriorIsBayesRule() {
        double[][] posterior = MIXTURE.classPosterior(QUERIES);
        assertThat(posterior).hasNumberOfRows(QUERIES.length);
        for (int i = 0; i < QUERIES.length; i++) {
            assertThat(posterior[i]).hasSize(3);
            assertThat(posterior[i][0] + posterior[i][1] + posterior[i][2]).isCloseTo(1.0, within(1e-15));
            assertThat(posterior[i]).as("query %d", i)
                    .containsExactly(classPosteriorByHand(QUERIES[i], 1.0, 0.0), within(1e-12));
        }
        // Next to the mean of class 2's only component, class 2 is the likeliest.
        assertThat(posterior[3][2]).isGreaterThan(0.9);
        assertThatThrownBy(() -> new GaussianMixture(MEANS, STDS, WEIGHTS).classPosterior(QUERIES))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("no class labels");
    }

    /** p(x) = sum_c W_c p(x | c), with the class densities summed by hand. */
    @Test
    void densityIsTheClassWeightedSumOfClassDensities() {
        double[] logDensity = MIXTURE.logDensity(QUERIES);
        double[] classWeights = MIXTURE.classWeights();
        for (int i = 0; i < QUERIES.length; i++) {
            double[] terms = componentLogTerms(QUERIES[i], 1.0, 0.0);
            double byHand = logSumExp(terms, inClass(-1));   // log p(x) = log sum_k w_k N_k(x)
            double total = 0;
            for (int c = 0; c < 3; c++) {
                // W_c p(x | c) = W_c sum_{k in c} (w_k / W_c) N_k(x): evaluated through the class's own mixture
                double classLogDensity = MIXTURE.classMixture(c).logDensity(new double[][] {QUERIES[i]})[0];
                total += classWeights[c] * Math.exp(classLogDensity - byHand);
                assertThat(Math.log(classWeights[c]) + classLogDensity).as("class %d at query %d", c, i)
                        .isCloseTo(logSumExp(terms, inClass(c)), within(1e-12));
            }
            assertThat(logDensity[i]).as("query %d", i).isCloseTo(byHand, within(1e-12));
            // sum_c W_c p(x | c) / p(x) = 1
            assertThat(total).as("query %d", i).isCloseTo(1.0, within(1e-12));
        }
    }

    /**
     * Labelled draws are sample()'s draws; each label is its draw's component's class, so the label frequencies
     * are the class weights (within 5 binomial standard errors sqrt(W (1 - W) / n)) and the draws of class c have
     * class c's mean (within 5 standard errors of the class's variance).
     */
    @Test
    void labelledDrawsAreTheDrawsWithTheirComponentsClasses() {
        int n = 60_000;
        GaussianMixture.LabelledRows labelled = MIXTURE.sampleLabelled(n, new Rng(5));
        assertThat(labelled.x0()).isDeepEqualTo(MIXTURE.sample(n, new Rng(5)));
        double[] weights = MIXTURE.classWeights();
        for (int c = 0; c < 3; c++) {
            GaussianMixture classData = MIXTURE.classMixture(c);
            int count = 0;
            double[] sum = new double[2];
            for (int i = 0; i < n; i++) {
                if (labelled.labels()[i] == c) {
                    count++;
                    sum[0] += labelled.x0()[i][0];
                    sum[1] += labelled.x0()[i][1];
                }
            }
            double frequency = (double) count / n;
            assertThat(frequency).as("frequency of class %d", c)
                    .isCloseTo(weights[c], within(5 * Math.sqrt(weights[c] * (1 - weights[c]) / n)));
            for (int j = 0; j < 2; j++) {
                double mean = 0;
                double second = 0;
                double[][] classMeans = classData.means();
                for (int k = 0; k < classMeans.length; k++) {
                    double w = classData.weights()[k];
                    double s = classData.stds()[k];
                    mean += w * classMeans[k][j];
                    second += w * (classMeans[k][j] * classMeans[k][j] + s * s);
                }
                double standardError = Math.sqrt((second - mean * mean) / count);
                assertThat(sum[j] / count).as("class %d, coordinate %d", c, j)
                        .isCloseTo(mean, within(5 * standardError));
            }
        }
        assertThatThrownBy(() -> new GaussianMixture(MEANS, STDS, WEIGHTS).sampleLabelled(3, new Rng(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no classes");
    }

    @Test
    void badClassesAndConditionsAreRejectedWithWhatIsAccepted() {
        assertThatThrownBy(() -> new GaussianMixture(MEANS, STDS, WEIGHTS, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one class per component: 5 components but 2 classes");
        assertThatThrownBy(() -> new GaussianMixture(MEANS, STDS, WEIGHTS, new int[] {0, 1, -2, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("component 2 is -2");
        assertThatThrownBy(() -> new GaussianMixture(MEANS, STDS, WEIGHTS, new int[] {0, 2, 0, 2, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no component has class 1").hasMessageContaining("0..2 with every class used");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(QUERIES);
            assertThatThrownBy(() -> MIXTURE.posteriorMean(x, POINTS[0], Condition.labels(0, 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 labels for a batch of 9 samples");
            int[] labels = QUERY_LABELS.clone();
            labels[4] = 3;
            assertThatThrownBy(() -> MIXTURE.posteriorMean(x, POINTS[0], Condition.labels(labels)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("label 3 of sample 4 is not a class of this mixture (classes 0..2");
            assertThatThrownBy(() -> new GaussianMixture(MEANS, STDS, WEIGHTS)
                    .posteriorMean(x, POINTS[0], Condition.labels(QUERY_LABELS)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no class labels");
        }
    }
}
