package org.difflab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.assertSkipped;
import static org.difflab.tck.Outcomes.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.Set;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.MetricValue;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ModelUnderTest;
import org.difflab.tck.fixtures.ReferenceData;
import org.difflab.tck.junit.MetricContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Metric checks for metrics that need the model or the samples' labels, and for measure(). */
class ModelAwareMetricChecksTest {

    /** The model's mean squared denoising error per coordinate on 256 held-out points at noise level 0.5. */
    static final class DenoisingError implements Metric {
        private final boolean readsModel;

        DenoisingError(boolean readsModel) {
            this.readsModel = readsModel;
        }

        @Override
        public Set<Need> needs() {
            return Set.of(Need.MODEL);
        }

        @Override
        public boolean comparesSamples() {
            return false;
        }

        @Override
        public int referencePoints() {
            return 0;   // held-out data only
        }

        @Override
        public double compute(MetricInput input) {
            ModelUnderTest model = input.model();
            ModelUnderTest.LabelledRows held = model.heldOut(256);
            try (NDManager manager = model.manager().newSubManager()) {
                NDArray x0 = manager.create(held.rows());
                double t = model.process().timeAtNoiseLevel(0.5);
                PathPoint p = PathPoint.of(model.process(), t);
                NDArray xt = x0.mul(p.alpha()).add(input.rng().normalLike(x0).mul(p.sigma()));
                NDArray denoised = readsModel ? model.model().denoise(xt, t, Condition.NONE) : xt.div(p.alpha());
                return denoised.sub(x0).square().mean().getDouble();
            }
        }
    }

    /** The fraction of samples whose most probable class under the exact class posterior is their label. */
    static final class ClassAgreement implements Metric {
        private final boolean readsLabels;

        ClassAgreement(boolean readsLabels) {
            this.readsLabels = readsLabels;
        }

        @Override
        public Set<Need> needs() {
            return Set.of(Need.LABELS);
        }

        @Override
        public Optional<String> inapplicableTo(DataSource data) {
            return data.closedForm().isPresent() ? Optional.empty() : Optional.of("needs a class posterior");
        }

        @Override
        public double compute(MetricInput input) {
            ClosedFormData exact = input.data().closedForm().orElseThrow();
            double[][] posterior = exact.classPosterior(input.samples().toRows());
            int agree = 0;
            for (int i = 0; i < posterior.length; i++) {
                int best = 0;
                for (int k = 1; k < posterior[i].length; k++) {
                    best = posterior[i][k] > posterior[i][best] ? k : best;
                }
                agree += best == (readsLabels ? input.sampleLabels()[i] : 0) ? 1 : 0;
            }
            return (double) agree / posterior.length;
        }
    }

    @Test
    void aModelMetricAndALabelMetricPassEveryCheck() {
        for (Metric metric : new Metric[] {new DenoisingError(true), new ClassAgreement(true)}) {
            for (Check check : MetricChecks.of(metric)) {
                if (check.name().equals("metric.zero-for-identical") || check.name().equals("metric.symmetric")) {
                    assertSkipped(check.run(), "does not claim");
                } else if (check.name().equals("metric.uses-model") && metric instanceof ClassAgreement
                        || check.name().equals("metric.uses-labels") && metric instanceof DenoisingError) {
                    assertSkipped(check.run(), "does not need");
                } else if (check.name().equals("metric.reference-points") && metric instanceof ClassAgreement) {
                    assertSkipped(check.run(), "every point");
                } else {
                    assertPassed(check.run());
                }
            }
        }
    }

    @Test
    void theExactDenoiserBeatsABiasedOneOnTheDenoisingError() {
        Outcome outcome = run(MetricChecks.of(new DenoisingError(true)), "metric.uses-model");
        assertPassed(outcome);
        // the biased model's error exceeds the exact one's by the squared bias, 0.25, up to sampling noise
        assertThat(outcome.message()).containsPattern("with the exact denoiser, 0\\.[3-4]\\d* with one biased by 0.5");
    }

    @Test
    void aMetricThatDeclaresTheModelButIgnoresItFails() {
        assertFailed(run(MetricChecks.of(new DenoisingError(false)), "metric.uses-model"),
                "declares that it needs the model, but gives");
    }

    @Test
    void aMetricThatDeclaresLabelsButIgnoresThemFails() {
        assertFailed(run(MetricChecks.of(new ClassAgreement(false)), "metric.uses-labels"),
                "declares that it needs labels, but gives");
    }

    @Test
    void aModelMetricOnDataWithoutClosedFormIsSkipped() {
        DataSource noClosedForm = new DataSource() {
            @Override public Shape sampleShape() { return new Shape(2); }
            @Override public NDArray sample(NDManager manager, int n, Rng rng) {
                return new ReferenceData().sample(manager, n, rng);
            }
        };
        assertSkipped(run(MetricChecks.of(new DenoisingError(true), noClosedForm), "metric.finite"),
                "needs the model, and the checks' model is the data's exact denoiser");
    }

    /** Sum of the first coordinate's mean over samples, with measure() reporting {@code offset} more. */
    static Metric meanWithMeasure(double offset, double detail) {
        return new Metric() {
            @Override
            public double compute(MetricInput input) {
                return DataAndMetricChecksTest.mean(input.samples())[0];
            }

            @Override
            public MetricValue measure(MetricInput input) {
                return MetricValue.of(compute(input) + offset).with("standard_error", detail);
            }
        };
    }

    @Test
    void measureMustGiveComputesValueAndFiniteDetails() {
        Outcome consistent = run(MetricChecks.of(meanWithMeasure(0, 0.01)), "metric.measure");
        assertPassed(consistent);
        assertThat(consistent.message()).contains("details standard_error 0.01");
        assertFailed(run(MetricChecks.of(meanWithMeasure(1e-6, 0.01)), "metric.measure"), "measure() gives",
                "but compute() gives");
        assertFailed(run(MetricChecks.of(meanWithMeasure(0, Double.NaN)), "metric.measure"),
                "detail standard_error is NaN");
    }

    /** The mix-in, as a plugin author uses it: a label metric gets labelled data by default. */
    @Nested
    class MixIn implements MetricContract {
        @Override
        public Metric createMetric() {
            return new ClassAgreement(true);
        }
    }
}
