package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.SpecFile;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.GaussianMixtureData;
import org.difflab.api.math.Rng;
import org.difflab.tck.junit.MetricContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature-space metrics: fid through a user-supplied TorchScript network (the committed fixture
 * {@code fixtures/tiny-features.pt}, f(x) = W x + b, written by {@code fixtures/make_tiny_features.py}), precision and
 * recall on k-NN supports; and what a generator of one class out of three does to each.
 */
class FeatureMetricsTest {

    /** Three classes in 2-D. */
    private static final GaussianMixture MIXTURE = new GaussianMixture(new double[][] {{-2, 0}, {2, 0}, {0, 2.5}},
            new double[] {0.5, 0.5, 0.5}, new double[] {1, 1, 1}, new int[] {0, 1, 2});
    private static final GaussianMixtureData DATA = new GaussianMixtureData(MIXTURE);
    private static final double[][] W = {{1, 0}, {0, 2}, {1, 1}};
    private static final double[] B = {0.5, -1, 0};

    static SpecFile fixture() {
        try {
            return SpecFile.of(Path.of(FeatureMetricsTest.class.getResource("/fixtures/tiny-features.pt").toURI())
                    .toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FeatureFrechetDistance fid() {
        return new FeatureFrechetDistance(new FeatureFrechetDistance.Options(fixture(), 50_000));
    }

    private static final KnnPrecision.Options RAW = new KnnPrecision.Options(3, 5000, null);

    private static double value(Metric metric, double[][] samples, double[][] reference) {
        return metric.compute(new MetricInput(Points.of(samples), Points.of(reference), DATA, new Rng(11)));
    }

    @Test
    void theTorchScriptNetworksFeaturesAreItsAffineMap() {
        double[][] x = MIXTURE.sample(300, new Rng(1));
        try (FeatureNetwork network = FeatureNetwork.load(fixture().path())) {
            double[][] features = network.features(Points.of(x), DATA.sampleShape());
            for (int i = 0; i < x.length; i++) {
                for (int f = 0; f < 3; f++) {
                    double expected = W[f][0] * x[i][0] + W[f][1] * x[i][1] + B[f];
                    // float32 in and out: a few ulps of values below 10
                    assertThat(features[i][f]).isCloseTo(expected, within(1e-5));
                }
            }
        }
    }

    /** fid is the Frechet distance of the features, here computable without the network. */
    @Test
    void fidIsTheFrechetDistanceOfTheNetworksFeatures() {
        double[][] a = MIXTURE.sample(500, new Rng(2));
        double[][] b = MIXTURE.classMixture(0).sample(500, new Rng(3));
        double expected = FrechetDistance.of(affine(a), affine(b));
        assertThat(value(fid(), a, b)).isCloseTo(expected, within(1e-4 * expected));
    }

    private static double[][] affine(double[][] x) {
        double[][] out = new double[x.length][3];
        for (int i = 0; i < x.length; i++) {
            for (int f = 0; f < 3; f++) {
                out[i][f] = W[f][0] * x[i][0] + W[f][1] * x[i][1] + B[f];
            }
        }
        return out;
    }

    /**
     * A generator of class 0 only, against a perfect one (a held-out data draw): the held-out draw scores the data's
     * own level (its fid within a factor 3 of a second draw's, precision and recall near 1); the one-class generator
     * has a fid far above it and recall near 1/3 (it covers one of three equal classes), while its precision stays at
     * the data's level (its samples are all data-like). 2000 points per set: the share estimates have standard
     * errors of about 0.01.
     */
    @Test
    void oneClassMakesFidAndRecallWorseButNotPrecision() {
        int n = 2000;
        double[][] reference = MIXTURE.sample(n, new Rng(20));
        double[][] heldOut = MIXTURE.sample(n, new Rng(21));
        double[][] baseline = MIXTURE.sample(n, new Rng(22));
        double[][] oneClass = MIXTURE.classMixture(0).sample(n, new Rng(23));
        KnnPrecision precision = new KnnPrecision(RAW);
        KnnRecall recall = new KnnRecall(RAW);

        double fidHeldOut = value(fid(), heldOut, reference);
        double fidBaseline = value(fid(), baseline, reference);
        assertThat(fidHeldOut).isLessThan(3 * fidBaseline).isGreaterThan(fidBaseline / 3);
        assertThat(value(fid(), oneClass, reference)).isGreaterThan(100 * fidBaseline);

        double precisionHeldOut = value(precision, heldOut, reference);
        double recallHeldOut = value(recall, heldOut, reference);
        assertThat(precisionHeldOut).isGreaterThan(0.9);
        assertThat(recallHeldOut).isGreaterThan(0.9);
        assertThat(value(precision, oneClass, reference)).isGreaterThan(precisionHeldOut - 0.03);
        assertThat(value(recall, oneClass, reference)).isCloseTo(1.0 / 3, within(0.05));
    }

    /** Hand-checkable supports: k = 1 on the line. */
    @Test
    void precisionAndRecallCountPointsInsideTheOtherSetsBalls() {
        KnnPrecision.Options k1 = new KnnPrecision.Options(1, 5000, null);
        double[][] data = {{0}, {1}, {3}};           // radii to the nearest neighbour: 1, 1, 2
        double[][] samples = {{0.5}, {2}, {5.5}};    // radii: 1.5, 1.5, 3.5
        // inside the data's balls: 0.5 (|0.5 - 0| <= 1) and 2 (|2 - 1| <= 1), not 5.5 (|5.5 - 3| = 2.5 > 2)
        assertThat(value(new KnnPrecision(k1), samples, data)).isEqualTo(2.0 / 3);
        // inside the samples' balls: all three data points (0 and 1 near 0.5, 3 near 2 or 5.5)
        assertThat(value(new KnnRecall(k1), samples, data)).isEqualTo(1.0);
    }

    @Test
    void aFileThatIsNotTorchScriptIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path bogus = Files.writeString(dir.resolve("net.pt"), "not a network");
        assertThatThrownBy(() -> FeatureNetwork.load(bogus)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot load feature network " + bogus + " as TorchScript");
        assertThatThrownBy(() -> FeatureNetwork.load(dir.resolve("missing.pt")))
                .hasMessageContaining("is not a file");
    }

    @Nested
    class FidContract implements MetricContract {
        @Override
        public Metric createMetric() {
            return fid();
        }
    }

    @Nested
    class PrecisionContract implements MetricContract {
        @Override
        public Metric createMetric() {
            return new KnnPrecision(RAW);
        }
    }

    @Nested
    class RecallContract implements MetricContract {
        @Override
        public Metric createMetric() {
            return new KnnRecall(RAW);
        }
    }
}
