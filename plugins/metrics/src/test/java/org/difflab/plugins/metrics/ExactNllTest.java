package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

class ExactNllTest {

    private static final ExactNll NLL = new ExactNll();
    private static final int D = 3;
    private static final double S = 0.7;
    private static final double[] MEAN = {1.0, -2.0, 0.5};
    private static final TestData.GaussianData DATA = new TestData.GaussianData(MEAN, S);

    private static double nll(double[][] samples) {
        return NLL.compute(new MetricInput(Points.of(samples), Points.of(samples), DATA, new Rng(1)));
    }

    /**
     * Samples from the data itself: E[-log p] is the entropy d/2 log(2 pi e s^2). Per sample, -log p is
     * d/2 log(2 pi s^2) + chi^2_d / 2, of variance d/2, so the standard error is sqrt(d / (2n)); tolerance 5 of those.
     */
    @Test
    void equalsTheEntropyForSamplesFromTheData() {
        int n = 100_000;
        double[][] samples = TestData.gaussian(n, MEAN, S, new Rng(121));
        double entropy = 0.5 * D * Math.log(2 * Math.PI * Math.E * S * S);
        assertThat(nll(samples)).isCloseTo(entropy, within(5 * Math.sqrt(D / (2.0 * n))));
    }

    /**
     * Samples from N(mean + delta, r^2 I) have cross-entropy d/2 log(2 pi s^2) + (d r^2 + |delta|^2)/(2 s^2), larger
     * than the entropy; -log p per sample is then (r^2/s^2) chi^2_d(lambda)/2 with variance
     * (r^2/s^2)^2 (2d + 4 lambda)/4, lambda = |delta|^2/r^2. Tolerance: 5 standard errors.
     */
    @Test
    void growsAsSamplesMoveAwayMatchingTheCrossEntropy() {
        int n = 100_000;
        double previous = 0.5 * D * Math.log(2 * Math.PI * Math.E * S * S);
        for (double shift : new double[] {0.5, 1.0, 2.0}) {
            double r = 1.2 * S;
            double[] moved = {MEAN[0] + shift, MEAN[1], MEAN[2]};
            double[][] samples = TestData.gaussian(n, moved, r, new Rng(130 + (long) (10 * shift)));
            double expected = 0.5 * D * Math.log(2 * Math.PI * S * S) + (D * r * r + shift * shift) / (2 * S * S);
            double lambda = shift * shift / (r * r);
            double sd = (r * r / (S * S)) * Math.sqrt(2 * D + 4 * lambda) / 2;
            double value = nll(samples);
            assertThat(value).as("shift %s", shift).isCloseTo(expected, within(5 * sd / Math.sqrt(n)));
            assertThat(value).isGreaterThan(previous);
            previous = value;
        }
    }

    @Test
    void explainsWhenTheDataHasNoClosedForm() {
        assertThat(NLL.inapplicableTo(DATA)).isEmpty();
        TestData.SpiralData spiral = new TestData.SpiralData();
        assertThat(NLL.inapplicableTo(spiral)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("'test-spiral'", "closed_form", "gmm, gmm-ring and gmm-random"));
        double[][] points = {{0.0, 0.0}};
        assertThatThrownBy(() -> NLL.compute(new MetricInput(Points.of(points), Points.of(points), spiral, new Rng(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test-spiral");
    }

    @Test
    void rejectsSamplesOfTheWrongDimension() {
        assertThatThrownBy(() -> nll(new double[][] {{0.0, 0.0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
    }
}
