package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.difflab.api.DataSource;
import org.difflab.api.Points;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's classifier cached on disk by content: a second use (a new JVM, simulated by forgetting the networks
 * held in memory) loads the stored network, which gives the trained one's features bit for bit; the key changes with
 * every input that determines the network; a damaged file is trained again. Small 8x8 data and 40 training steps.
 */
class ClassifierFeaturesCacheTest {

    private static final ClassifierFrechetDistanceTest.Bars BARS = new ClassifierFrechetDistanceTest.Bars();

    @TempDir
    Path cache;

    @AfterEach
    void forget() {
        ClassifierFeatures.forgetInMemory();
    }

    private ClassifierFeatures classifier() {
        return ClassifierFeatures.of(BARS, 400, 40, 3, cache);
    }

    private static double[][] rows(int n) {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] values = BARS.sampleLabelled(manager, n, new Rng(99)).x0().toDoubleArray();
            double[][] out = new double[n][64];
            for (int i = 0; i < n; i++) {
                System.arraycopy(values, i * 64, out[i], 0, 64);
            }
            return out;
        }
    }

    @Test
    void aSecondUseLoadsTheStoredNetworkWithIdenticalFeatures() {
        ClassifierFeatures trained = classifier();
        assertThat(trained.origin()).isEqualTo(ClassifierCache.Origin.TRAINED);
        Points x = Points.of(rows(20));
        double[][] features = trained.features(x);
        double[][] probabilities = trained.classProbabilities(x);
        ClassifierFeatures.forgetInMemory();
        ClassifierFeatures loaded = classifier();
        assertThat(loaded.origin()).isEqualTo(ClassifierCache.Origin.LOADED);
        assertThat(loaded.features(x)).isDeepEqualTo(features);
        assertThat(loaded.classProbabilities(x)).isDeepEqualTo(probabilities);
        assertThat(loaded.trainingAccuracy()).isEqualTo(trained.trainingAccuracy());
        assertThat(classifier()).as("held in memory after that").isSameAs(loaded);
    }

    @Test
    void aDamagedFileIsTrainedAgain() throws IOException {
        classifier();
        Path file;
        try (var files = Files.list(cache)) {
            file = files.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);
        ClassifierFeatures.forgetInMemory();
        assertThat(classifier().origin()).isEqualTo(ClassifierCache.Origin.TRAINED);
        ClassifierFeatures.forgetInMemory();
        assertThat(classifier().origin()).isEqualTo(ClassifierCache.Origin.LOADED);
    }

    @Test
    void everyInputThatDeterminesTheNetworkChangesTheKey() {
        float[] x = {0.25f, -1f, 0.5f, 1f};
        int[] labels = {0, 1};
        Shape shape = new Shape(2);
        String key = ClassifierFeatures.key(x, labels, shape, 2, 100, 0);
        assertThat(ClassifierFeatures.key(x.clone(), labels.clone(), new Shape(2), 2, 100, 0)).isEqualTo(key);
        float[] otherPixel = x.clone();
        otherPixel[3] = Math.nextUp(1f);
        assertThat(ClassifierFeatures.key(otherPixel, labels, shape, 2, 100, 0)).isNotEqualTo(key);
        assertThat(ClassifierFeatures.key(x, new int[] {1, 0}, shape, 2, 100, 0)).isNotEqualTo(key);
        assertThat(ClassifierFeatures.key(x, labels, new Shape(1, 2), 2, 100, 0)).isNotEqualTo(key);
        assertThat(ClassifierFeatures.key(x, labels, shape, 3, 100, 0)).isNotEqualTo(key);
        assertThat(ClassifierFeatures.key(x, labels, shape, 2, 101, 0)).isNotEqualTo(key);
        assertThat(ClassifierFeatures.key(x, labels, shape, 2, 100, 1)).isNotEqualTo(key);
    }

    /** Another training draw (here: another seed of the same data) is another network, stored beside the first. */
    @Test
    void anotherDrawIsAnotherEntry() throws IOException {
        classifier();
        assertThat(ClassifierFeatures.of(BARS, 400, 40, 4, cache).origin()).isEqualTo(ClassifierCache.Origin.TRAINED);
        try (var files = Files.list(cache)) {
            assertThat(files.filter(p -> p.toString().endsWith(".bin")).count()).isEqualTo(2);
        }
    }
}
