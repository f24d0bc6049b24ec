package org.difflab.tck;

import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.assertSkipped;
import static org.difflab.tck.Outcomes.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.difflab.tck.fixtures.ReferenceData;
import org.difflab.tck.junit.DataSourceContract;
import org.difflab.tck.junit.MetricContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DataAndMetricChecksTest {

    @Test
    void theReferenceMixturesDenoiserIsItsMonteCarloPosteriorMean() {
        var checks = DataSourceChecks.of(new ReferenceData());
        assertPassed(run(checks, "data.draws"));
        assertPassed(run(checks, "data.exact-denoiser"));
        assertPassed(run(checks, "data.labels"));
        for (String labelled : new String[] {"data.class-frequencies", "data.class-posterior",
            "data.conditional-exact-denoiser"}) {
            assertSkipped(run(checks, labelled), "unlabelled data");
        }
    }

    @Test
    void aClosedFormOfAnotherMixtureFails() {
        // draws from the reference mixture, closed form with the first mean moved by 0.3: E[x0 | x_t] disagrees
        GaussianMixture shifted = new GaussianMixture(new double[][] {{-1.2, 0.0}, {1.5, 0.5}, {0.0, 2.0}},
                new double[] {0.4, 0.3, 0.5}, new double[] {0.3, 0.5, 0.2});
        DataSource mismatched = new DataSource() {
            @Override public Shape sampleShape() { return new Shape(2); }
            @Override public NDArray sample(NDManager manager, int n, Rng rng) {
                return new ReferenceData().sample(manager, n, rng);
            }
            @Override public Optional<ClosedFormData> closedForm() { return Optional.of(shifted); }
            @Override public Set<Capability> capabilities() { return Set.of(Capability.CLOSED_FORM); }
        };
        assertFailed(run(DataSourceChecks.of(mismatched), "data.exact-denoiser"), "the exact denoiser gives",
                "but the Monte-Carlo posterior mean of 100000 draws is", "standard errors");
    }

    /** Distance between the sample means: symmetric, zero for identical sets. */
    static Metric meanDistance(Set<Capability> capabilities, boolean skew) {
        return new Metric() {
            @Override
            public double compute(MetricInput input) {
                double[] a = mean(input.samples());
                double[] b = mean(input.reference());
                double d = Math.hypot(a[0] - b[0], a[1] - b[1]);
                return skew ? d + a[0] : d;
            }

            @Override
            public Set<Capability> capabilities() {
                return capabilities;
            }
        };
    }

    static double[] mean(Points points) {
        double[] m = new double[points.dims()];
        for (int i = 0; i < points.count(); i++) {
            for (int j = 0; j < m.length; j++) {
                m[j] += points.get(i, j) / points.count();
            }
        }
        return m;
    }

    @Test
    void aSymmetricMetricZeroForIdenticalSetsPasses() {
        var checks = MetricChecks.of(meanDistance(Set.of(Capability.SYMMETRIC, Capability.ZERO_FOR_IDENTICAL), false),
                new ReferenceData());
        for (Check check : checks) {
            if (check.name().startsWith("metric.uses-")) {
                assertSkipped(check.run(), "does not need");
            } else if (check.name().equals("metric.reference-points")) {
                assertSkipped(check.run(), "every point");
            } else {
                assertPassed(check.run());
            }
        }
    }

    @Test
    void falseClaimsFailAndAbsentClaimsAreSkipped() {
        var wrong = MetricChecks.of(meanDistance(Set.of(Capability.SYMMETRIC, Capability.ZERO_FOR_IDENTICAL), true),
                new ReferenceData());
        assertFailed(run(wrong, "metric.symmetric"), "with samples and reference swapped");
        assertFailed(run(wrong, "metric.zero-for-identical"), "for identical sample and reference sets");
        var unclaimed = MetricChecks.of(meanDistance(Set.of(), true), new ReferenceData());
        assertSkipped(run(unclaimed, "metric.symmetric"), "does not claim SYMMETRIC");
    }

    /** {@code metric} declaring that it uses {@code points} points of a data draw. */
    static Metric usingPoints(Metric metric, int points) {
        return new Metric() {
            @Override
            public double compute(MetricInput input) {
                return metric.compute(input);
            }

            @Override
            public int referencePoints() {
                return points;
            }
        };
    }

    @Test
    void aMetricMustWorkWithTheReferencePointsItDeclares() {
        Metric means = meanDistance(Set.of(), false);
        assertPassed(run(MetricChecks.of(usingPoints(means, 10), new ReferenceData()), "metric.reference-points"));
        // one that pairs sample i with reference point i cannot use fewer reference points than samples
        Metric paired = new Metric() {
            @Override
            public double compute(MetricInput input) {
                double sum = 0;
                for (int i = 0; i < input.samples().count(); i++) {
                    sum += Math.abs(input.samples().get(i, 0) - input.reference().get(i, 0));
                }
                return sum / input.samples().count();
            }
        };
        assertSkipped(run(MetricChecks.of(paired, new ReferenceData()), "metric.reference-points"), "every point");
        assertFailed(run(MetricChecks.of(usingPoints(paired, 10), new ReferenceData()), "metric.reference-points"),
                "threw", "ArrayIndexOutOfBounds");
        assertFailed(run(MetricChecks.of(usingPoints(means, -1), new ReferenceData()), "metric.reference-points"),
                "referencePoints() is -1");
        // 0: it reads no data draw, so one that reads the reference fails
        assertFailed(run(MetricChecks.of(usingPoints(means, 0), new ReferenceData()), "metric.reference-points"),
                "threw");
    }

    /** The mix-ins, as a plugin author uses them. */
    @Nested
    class DataMixIn implements DataSourceContract {
        @Override
        public DataSource createDataSource() {
            return new ReferenceData();
        }
    }

    @Nested
    class MetricMixIn implements MetricContract {
        @Override
        public Metric createMetric() {
            return meanDistance(Set.of(Capability.SYMMETRIC, Capability.ZERO_FOR_IDENTICAL), false);
        }
    }
}
