package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.MetricValue;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.GaussianMixtureData;
import org.difflab.api.math.Rng;
import org.difflab.tck.junit.MetricContract;
import org.junit.jupiter.api.Test;

/**
 * Class accuracy under the exact class posterior of a labelled mixture: the contract, a hand-computed case, and the
 * Bayes accuracy a data draw reaches.
 */
class ClassAccuracyTest implements MetricContract {

    /** Two classes in 1-D, N(-1, 1) and N(1, 1) with equal weights: p(0 | x) = 1 / (1 + e^{2x}). */
    private static final GaussianMixtureData TWO_CLASSES = new GaussianMixtureData(new GaussianMixture(
            new double[][] {{-1}, {1}}, new double[] {1, 1}, new double[] {1, 1}, new int[] {0, 1}));

    /** The options' defaults (the classifier's; unused on this closed-form data). */
    private static final ClassAccuracy.Options DEFAULTS = new ClassAccuracy.Options(10_000, 1000, 0);

    @Override
    public Metric createMetric() {
        return new ClassAccuracy(DEFAULTS);
    }

    private static MetricValue measure(double[][] samples, int[] labels) {
        return new ClassAccuracy(DEFAULTS).measure(new MetricInput(Points.of(samples), Points.of(samples), TWO_CLASSES,
                new Rng(1), labels, null,
                null));
    }

    @Test
    void countsTheSamplesWhoseClassThePosteriorPutsFirst() {
        double[][] x = {{-2}, {-0.5}, {0.3}, {2}, {0.1}};
        // the Bayes classifier says 0 for x < 0, 1 for x > 0: right, right, wrong, right; the last has no label
        MetricValue value = measure(x, new int[] {0, 0, 0, 1, -1});
        assertThat(value.value()).isEqualTo(0.75);
        double posterior = (p0(-2) + p0(-0.5) + p0(0.3) + (1 - p0(2))) / 4;
        assertThat(value.details().get("posterior")).isCloseTo(posterior, within(1e-15));
    }

    private static double p0(double x) {
        return 1 / (1 + Math.exp(2 * x));
    }

    /**
     * A draw from the data, with its own labels, scores the Bayes accuracy P(x < 0 | class 0) = Phi(1) = 0.841345;
     * 20000 draws, within 4 standard errors sqrt(p (1 - p) / n) = 0.0026.
     */
    @Test
    void theDataScoresTheBayesAccuracy() {
        GaussianMixture.LabelledRows data = TWO_CLASSES.mixture().sampleLabelled(20_000, new Rng(3));
        double accuracy = measure(data.x0(), data.labels()).value();
        double phiOfOne = 0.8413447460685429;
        assertThat(accuracy).isCloseTo(phiOfOne, within(4 * Math.sqrt(phiOfOne * (1 - phiOfOne) / 20_000)));
    }

    @Test
    void unlabelledSamplesAndDataWithoutClassesAreRefused() {
        assertThatThrownBy(() -> measure(new double[][] {{0}}, null)).hasMessageContaining("one label per sample");
        assertThat(new ClassAccuracy(DEFAULTS).inapplicableTo(new GaussianMixtureData(GaussianMixture.single(new double[] {0},
                1)))).get().asString().contains("no classes");
    }
}
