package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.difflab.api.DataSource;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.SpecFile;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

/**
 * precision and recall in the feature space of the platform's classifier (classifier: true), on 8x8 bars of three
 * classes: held-out data is inside the data's support about as often as a second draw; a generator of one class
 * keeps precision at that level and covers about a third of the data (recall near 1/3).
 */
class KnnOnClassifierFeaturesTest {

    private static final ClassifierFrechetDistanceTest.Bars BARS = new ClassifierFrechetDistanceTest.Bars();
    private static final KnnPrecision.Options ON_CLASSIFIER = new KnnPrecision.Options(3, 5000, null, true, 300);

    private static double[][] rows(DataSource.Labelled drawn) {
        double[] values = drawn.x0().toDoubleArray();
        double[][] out = new double[drawn.labels().length][64];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(values, i * 64, out[i], 0, 64);
        }
        return out;
    }

    @Test
    void oneClassKeepsPrecisionAndCoversAThirdOfTheData() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] reference = rows(BARS.sampleLabelled(manager, 900, new Rng(31)));
            double[][] heldOut = rows(BARS.sampleLabelled(manager, 900, new Rng(32)));
            DataSource.Labelled many = BARS.sampleLabelled(manager, 3000, new Rng(33));
            double[][] all = rows(many);
            double[][] oneClass = java.util.stream.IntStream.range(0, all.length).filter(i -> many.labels()[i] == 0)
                    .mapToObj(i -> all[i]).limit(900).toArray(double[][]::new);
            KnnPrecision precision = new KnnPrecision(ON_CLASSIFIER);
            KnnRecall recall = new KnnRecall(ON_CLASSIFIER);
            double precisionData = precision.compute(new MetricInput(Points.of(heldOut), Points.of(reference), BARS, new Rng(1)));
            double recallData = recall.compute(new MetricInput(Points.of(heldOut), Points.of(reference), BARS, new Rng(1)));
            double precisionOne = precision.compute(new MetricInput(Points.of(oneClass), Points.of(reference), BARS, new Rng(1)));
            double recallOne = recall.compute(new MetricInput(Points.of(oneClass), Points.of(reference), BARS, new Rng(1)));
            assertThat(precisionData).isGreaterThan(0.8);
            assertThat(recallData).isGreaterThan(0.8);
            // the one class's samples lie in the data's support as held-out data does (binomial sd of 900 ~ 0.015)
            assertThat(precisionOne).isGreaterThan(precisionData - 0.1);
            // the class holds a third of the reference, and the other classes' features are far from it
            assertThat(recallOne).isBetween(0.2, 0.45);
        }
    }

    @Test
    void aNetworkAndTheClassifierTogetherAreRefused() {
        assertThatThrownBy(() -> new KnnPrecision.Options(3, 5000, new SpecFile("net.pt", Path.of("net.pt")), true, 1000))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("not both");
    }

    @Test
    void unlabelledDataIsRefusedWithTheReason() {
        DataSource unlabelled = new DataSource() {
            @Override
            public ai.djl.ndarray.types.Shape sampleShape() {
                return BARS.sampleShape();
            }

            @Override
            public ai.djl.ndarray.NDArray sample(NDManager manager, int n, Rng rng) {
                return BARS.sample(manager, n, rng);
            }
        };
        assertThat(new KnnRecall(ON_CLASSIFIER).inapplicableTo(unlabelled)).get().asString()
                .contains("classifier: true").contains("none");
        assertThat(new KnnRecall(ON_CLASSIFIER).inapplicableTo(BARS)).isEmpty();
    }
}
