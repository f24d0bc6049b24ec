package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.difflab.tck.junit.MetricContract;
import org.junit.jupiter.api.Test;

/** The class-wise energy distance: the contract, a hand-computed case, and what a wrong class costs. */
class ClassEnergyDistanceTest implements MetricContract {

    private static final ClassEnergyDistance METRIC = new ClassEnergyDistance(new ClassEnergyDistance.Options(10_000));

    @Override
    public Metric createMetric() {
        return METRIC;
    }

    private static double distance(double[][] samples, int[] labels, double[][] reference, int[] referenceLabels) {
        return METRIC.compute(new MetricInput(Points.of(samples), Points.of(reference), null, new Rng(1), labels, referenceLabels, null));
    }

    @Test
    void eachClassIsComparedWithItsOwnDataWeightedByItsShareOfTheSamples() {
        // class 0: samples {0, 0}, data {1}: 2|0 - 1| - 0 - 0 = 2; class 1: sample {5}, data {5, 5}: 0
        double value = distance(new double[][] {{0}, {0}, {5}}, new int[] {0, 0, 1}, new double[][] {{1}, {5}, {5}},
                new int[] {0, 1, 1});
        assertThat(value).isEqualTo((2 * 2.0 + 1 * 0.0) / 3);
    }

    /**
     * Samples of the right class's distribution score at the level of a second data draw; the same samples labelled
     * as the other class score far above it (two classes 3 apart, unit std; the pooled energy distance would not
     * tell the two apart, since the pooled samples are the same).
     */
    @Test
    void samplesUnderTheWrongClassAreFarFromTheirClassesData() {
        GaussianMixture mixture = new GaussianMixture(new double[][] {{-1.5}, {1.5}}, new double[] {1, 1},
                new double[] {1, 1}, new int[] {0, 1});
        GaussianMixture.LabelledRows samples = mixture.sampleLabelled(1000, new Rng(5));
        GaussianMixture.LabelledRows data = mixture.sampleLabelled(1000, new Rng(6));
        int[] swapped = java.util.Arrays.stream(samples.labels()).map(c -> 1 - c).toArray();
        double right = distance(samples.x0(), samples.labels(), data.x0(), data.labels());
        double wrong = distance(samples.x0(), swapped, data.x0(), data.labels());
        // two draws of about 500 per class: expected V-statistic (1/n + 1/m) E|X - X'| = 0.0045; a shift of 3 costs
        // 2 E|N(3, 2)| - 2 E|N(0, 2)| = 2 (3.03 - 1.13) = 3.8
        assertThat(right).isLessThan(0.02);
        assertThat(wrong).isGreaterThan(1.0);
    }
}
