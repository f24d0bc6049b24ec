package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.math.Rng;
import org.difflab.tck.junit.MetricContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * fd_classifier on labelled 8x8 images of three classes (a horizontal, a vertical and a diagonal bar under noise): the
 * classifier learns them, held-out data scores the data-vs-data level, and a generator of one class scores far worse.
 */
class ClassifierFrechetDistanceTest {

    /** 8x8 one-channel images: class 0 a horizontal bar, 1 a vertical bar, 2 the diagonal, each at a random offset. */
    static final class Bars implements DataSource {
        @Override
        public Shape sampleShape() {
            return new Shape(1, 8, 8);
        }

        @Override
        public int classes() {
            return 3;
        }

        @Override
        public NDArray sample(NDManager manager, int n, Rng rng) {
            return sampleLabelled(manager, n, rng).x0();
        }

        @Override
        public Labelled sampleLabelled(NDManager manager, int n, Rng rng) {
            double[] pixels = new double[n * 64];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rng.nextInt(3);
                int offset = rng.nextInt(8);
                for (int p = 0; p < 64; p++) {
                    int row = p / 8;
                    int column = p % 8;
                    boolean on = switch (labels[i]) {
                        case 0 -> row == offset;
                        case 1 -> column == offset;
                        default -> (row + 8 - column) % 8 == offset;
                    };
                    pixels[i * 64 + p] = (on ? 1.0 : -1.0) + 0.3 * rng.nextGaussian();
                }
            }
            return new Labelled(manager.create(pixels, new Shape(n, 1, 8, 8)), labels);
        }
    }

    private static final Bars BARS = new Bars();
    private static final ClassifierFrechetDistance METRIC = new ClassifierFrechetDistance(
            new ClassifierFrechetDistance.Options(3000, 300, 0, 50_000));

    private static DataSource.Labelled draw(NDManager manager, int n, long seed) {
        return BARS.sampleLabelled(manager, n, new Rng(seed));
    }

    private static double[][] rows(DataSource.Labelled drawn) {
        double[] values = drawn.x0().toDoubleArray();
        double[][] out = new double[drawn.labels().length][64];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(values, i * 64, out[i], 0, 64);
        }
        return out;
    }

    private static double fd(double[][] samples, double[][] reference) {
        return METRIC.compute(new MetricInput(Points.of(samples), Points.of(reference), BARS, new Rng(1)));
    }

    /**
     * The classifier separates the classes; a held-out draw's distance to the reference is within a factor 3 of a
     * second draw's (both data vs data, so they differ by sampling noise only); samples of class 0 alone are at least
     * 10 times farther.
     */
    @Test
    void heldOutDataScoresTheBaselineAndOneClassScoresFarWorse() {
        assertThat(ClassifierFeatures.of(BARS, 3000, 300, 0).trainingAccuracy()).isGreaterThan(0.95);
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] reference = rows(draw(manager, 1000, 10));
            double[][] heldOut = rows(draw(manager, 1000, 11));
            double[][] baseline = rows(draw(manager, 1000, 12));
            DataSource.Labelled many = draw(manager, 3000, 13);
            double[][] all = rows(many);
            double[][] oneClass = java.util.stream.IntStream.range(0, all.length).filter(i -> many.labels()[i] == 0)
                    .mapToObj(i -> all[i]).limit(1000).toArray(double[][]::new);
            double floor = fd(baseline, reference);
            double heldOutValue = fd(heldOut, reference);
            assertThat(heldOutValue).isLessThan(3 * floor).isGreaterThan(floor / 3);
            assertThat(fd(oneClass, reference)).isGreaterThan(10 * floor);
        }
    }

    @Nested
    class Contract implements MetricContract {
        @Override
        public Metric createMetric() {
            return new ClassifierFrechetDistance(new ClassifierFrechetDistance.Options(2000, 200, 0, 50_000));
        }

        /** The contract suite's labelled mixture: the classifier's vector (dense) variant. */
        @Override
        public DataSource metricData() {
            return new org.difflab.tck.fixtures.LabelledReferenceData();
        }
    }
}
