package org.difflab.examples.modelside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.MetricValue;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.difflab.tck.NamedProcess;
import org.difflab.tck.fixtures.ReferenceModelUnderTest;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.MetricContract;
import org.junit.jupiter.api.Test;

/**
 * The platform's metric contract (finite, reproducible, measure() = compute(), and: the value changes when the model
 * is wrong) through the {@link MetricContract} mix-in, and the metric's value against the Bayes error of Gaussian
 * data.
 */
class DenoisingMseTest implements MetricContract {

    @Override
    public Metric createMetric() {
        return new DenoisingMse(new DenoisingMse.Options(new double[] {0.1, 0.3, 1.0, 3.0}, 2000));
    }

    /** N(mu, s^2 I) in 3-D, whose exact denoiser's error per coordinate is s^2 sigma^2 / (s^2 + sigma^2). */
    static final double S = 0.7;
    static final DataSource GAUSSIAN = new DataSource() {
        final GaussianMixture gaussian = GaussianMixture.single(new double[] {1.0, -2.0, 0.5}, S);

        @Override public Shape sampleShape() { return new Shape(3); }
        @Override public NDArray sample(NDManager manager, int n, Rng rng) {
            return manager.create(gaussian.sample(n, rng));
        }
        @Override public Optional<ClosedFormData> closedForm() { return Optional.of(gaussian); }
    };

    @Test
    void theExactDenoisersErrorIsTheBayesErrorOnEveryProcess() {
        int count = 20_000;
        double[] levels = {0.2, 1.0, 2.5};
        Metric metric = new DenoisingMse(new DenoisingMse.Options(levels, count));
        for (NamedProcess process : ReferenceProcesses.all()) {
            try (ReferenceModelUnderTest model = ReferenceModelUnderTest.exact(GAUSSIAN, process.process())) {
                Points unused = Points.of(new double[1][3]);   // the metric reads held-out data only
                MetricValue value = metric.measure(new MetricInput(unused, unused, GAUSSIAN, new Rng(1), null, null,
                        model));
                double mean = 0;
                for (double sigma : levels) {
                    // (D - x0) per coordinate ~ N(0, v) with v the posterior variance: mean v, standard error
                    // v sqrt(2 / (n d)) over n points of d = 3 coordinates
                    double v = S * S * sigma * sigma / (S * S + sigma * sigma);
                    double measured = value.details().get("sigma_" + DenoisingMse.label(sigma));
                    assertEquals(v, measured, 4 * v * Math.sqrt(2.0 / (count * 3)), process + " sigma " + sigma);
                    mean += measured / levels.length;
                }
                assertEquals(mean, value.value(), 1e-15);
            }
        }
    }

    @Test
    void levelsAreNamedWithoutAPoint() {
        assertEquals("0p1", DenoisingMse.label(0.1));
        assertEquals("3", DenoisingMse.label(3.0));
        assertEquals("0p002", DenoisingMse.label(0.002));
        assertTrue(DenoisingMse.label(12.5).equals("12p5"));
    }
}
