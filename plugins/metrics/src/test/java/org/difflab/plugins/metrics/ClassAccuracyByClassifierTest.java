package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.difflab.api.DataSource;
import org.difflab.api.MetricInput;
import org.difflab.api.MetricValue;
import org.difflab.api.Points;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

/**
 * class_accuracy on labelled images without a closed form (8x8 bars of three classes): the platform's classifier
 * judges the samples. Held-out images with their own labels score its accuracy (near 1 on these well-separated
 * classes); the same images labelled as the next class score near 0.
 */
class ClassAccuracyByClassifierTest {

    private static final ClassifierFrechetDistanceTest.Bars BARS = new ClassifierFrechetDistanceTest.Bars();
    private static final ClassAccuracy METRIC = new ClassAccuracy(new ClassAccuracy.Options(3000, 300, 0));

    @Test
    void imagesOfTheirClassScoreHighAndMislabelledOnesLow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DataSource.Labelled drawn = BARS.sampleLabelled(manager, 600, new Rng(21));
            Points rows = Points.of(drawn.x0().toDoubleArray(), 64);
            int[] labels = drawn.labels();
            int[] nextClass = java.util.Arrays.stream(labels).map(c -> (c + 1) % 3).toArray();
            MetricValue right = METRIC.measure(new MetricInput(rows, rows, BARS, new Rng(1), labels, null, null));
            MetricValue wrong = METRIC.measure(new MetricInput(rows, rows, BARS, new Rng(1), nextClass, null, null));
            // the classifier of ClassifierFrechetDistanceTest reaches > 0.95 on its training draw of these classes
            assertThat(right.value()).isGreaterThan(0.9);
            assertThat(wrong.value()).isLessThan(0.1);
            // the mean probability of the class: the three classes' probabilities sum to 1 on every image
            assertThat(right.details().get("posterior")).isGreaterThan(0.8);
            assertThat(right.details().get("posterior") + wrong.details().get("posterior")).isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void dataOfOneClassIsRefusedWithTheReason() {
        DataSource oneClass = new DataSource() {
            @Override
            public ai.djl.ndarray.types.Shape sampleShape() {
                return BARS.sampleShape();
            }

            @Override
            public int classes() {
                return 1;
            }

            @Override
            public ai.djl.ndarray.NDArray sample(NDManager manager, int n, Rng rng) {
                return BARS.sample(manager, n, rng);
            }
        };
        assertThat(METRIC.inapplicableTo(oneClass)).get().asString().contains("one class");
        assertThat(METRIC.inapplicableTo(BARS)).isEmpty();
    }
}
