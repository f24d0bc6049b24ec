package org.difflab.tck;

import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.tck.fixtures.ReferenceData;
import org.junit.jupiter.api.Test;

/** The checks of labelled data: the labelled reference mixture passes; each kind of broken labelling fails. */
class LabelledDataChecksTest {

    private static final GaussianMixture LABELLED = ReferenceData.LABELLED_MIXTURE;

    /** The labelled reference mixture, with any method overridable to break one property. */
    private static class Variant implements DataSource {
        final ReferenceData reference = ReferenceData.labelled();

        @Override public Shape sampleShape() { return reference.sampleShape(); }
        @Override public NDArray sample(NDManager manager, int n, Rng rng) { return reference.sample(manager, n, rng); }
        @Override public int classes() { return reference.classes(); }
        @Override public Labelled sampleLabelled(NDManager manager, int n, Rng rng) {
            return reference.sampleLabelled(manager, n, rng);
        }
        @Override public Optional<double[]> classWeights() { return reference.classWeights(); }
        @Override public Optional<ClosedFormData> closedForm() { return reference.closedForm(); }
        @Override public Set<Capability> capabilities() { return Set.of(Capability.CLOSED_FORM); }
    }

    /** The labelled mixture's closed form, except for a replaced conditional denoiser. */
    private abstract static class ConditionalOverride implements ClosedFormData {
        @Override public int dims() { return 2; }
        @Override public NDArray posteriorMean(NDArray x, PathPoint p) { return LABELLED.posteriorMean(x, p); }
        @Override public double[] logDensity(double[][] x) { return LABELLED.logDensity(x); }
        @Override public double[][] classPosterior(double[][] x) { return LABELLED.classPosterior(x); }
    }

    @Test
    void theLabelledReferenceMixturePassesEveryCheck() {
        for (Check check : DataSourceChecks.of(ReferenceData.labelled())) {
            Outcome outcome = check.run();
            assertPassed(outcome);
        }
        Outcome conditional = run(DataSourceChecks.of(ReferenceData.labelled()), "data.conditional-exact-denoiser");
        org.assertj.core.api.Assertions.assertThat(conditional.message()).contains("labelled [-1, 0, 1, -1, 0, 1, -1, 0]");
    }

    @Test
    void aConditionalDenoiserThatIgnoresTheLabelFails() {
        ClosedFormData ignoring = new ConditionalOverride() {
            @Override public NDArray posteriorMean(NDArray x, PathPoint p, Condition condition) {
                return LABELLED.posteriorMean(x, p);
            }
        };
        DataSource data = new Variant() {
            @Override public Optional<ClosedFormData> closedForm() { return Optional.of(ignoring); }
        };
        var checks = DataSourceChecks.of(data);
        assertPassed(run(checks, "data.exact-denoiser"));
        assertFailed(run(checks, "data.conditional-exact-denoiser"), "the exact denoiser gives",
                "but the Monte-Carlo posterior mean of the", "draws of class", "standard errors");
    }

    @Test
    void aConditionalDenoiserOfSwappedClassesFails() {
        // labels 0 and 1 exchanged: a plausible-looking denoiser conditioned on the wrong class
        ClosedFormData swapped = new ConditionalOverride() {
            @Override public NDArray posteriorMean(NDArray x, PathPoint p, Condition condition) {
                int[] labels = ((Condition.ClassLabels) condition).labels();
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = labels[i] < 0 ? labels[i] : 1 - labels[i];
                }
                return LABELLED.posteriorMean(x, p, Condition.labels(labels));
            }
        };
        DataSource data = new Variant() {
            @Override public Optional<ClosedFormData> closedForm() { return Optional.of(swapped); }
        };
        assertFailed(run(DataSourceChecks.of(data), "data.conditional-exact-denoiser"), "(label 0)",
                "draws of class 0");
    }

    @Test
    void labelsIndependentOfTheExamplesFailTheClassPosterior() {
        // right frequencies (a fair coin, as the class weights 0.5/0.5), but unrelated to which component was drawn
        DataSource data = new Variant() {
            @Override public Labelled sampleLabelled(NDManager manager, int n, Rng rng) {
                Rng coin = rng.split(99);
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = coin.nextDouble() < 0.5 ? 0 : 1;
                }
                return new Labelled(sample(manager, n, rng), labels);
            }
        };
        var checks = DataSourceChecks.of(data);
        assertPassed(run(checks, "data.labels"));
        assertPassed(run(checks, "data.class-frequencies"));
        assertFailed(run(checks, "data.class-posterior"), "the class posterior does not match the source's labels");
        assertFailed(run(checks, "data.conditional-exact-denoiser"), "draws of class");
    }

    @Test
    void wrongClassWeightsFailTheFrequencies() {
        DataSource data = new Variant() {
            @Override public Optional<double[]> classWeights() { return Optional.of(new double[] {0.48, 0.52}); }
        };
        // 0.02 off at n = 20000 is 5.7 standard errors (sqrt(0.48 * 0.52 / 20000) = 0.0035)
        assertFailed(run(DataSourceChecks.of(data), "data.class-frequencies"), "class 0 has frequency",
                "classWeights() gives 0.48", "binomial standard errors");
        DataSource notADistribution = new Variant() {
            @Override public Optional<double[]> classWeights() { return Optional.of(new double[] {0.5, 0.6}); }
        };
        assertFailed(run(DataSourceChecks.of(notADistribution), "data.labels"), "classWeights() sums to 1.1");
    }

    @Test
    void labelledExamplesOtherThanTheDrawsAndLabelsOutOfRangeFail() {
        DataSource otherStream = new Variant() {
            @Override public Labelled sampleLabelled(NDManager manager, int n, Rng rng) {
                return reference.sampleLabelled(manager, n, rng.split(1));
            }
        };
        assertFailed(run(DataSourceChecks.of(otherStream), "data.labels"),
                "sampleLabelled's examples differ from sample()'s for the same seed");
        DataSource shifted = new Variant() {
            @Override public Labelled sampleLabelled(NDManager manager, int n, Rng rng) {
                Labelled drawn = reference.sampleLabelled(manager, n, rng);
                int[] labels = drawn.labels();
                for (int i = 0; i < labels.length; i++) {
                    labels[i]++;
                }
                return new Labelled(drawn.x0(), labels);
            }
        };
        assertFailed(run(DataSourceChecks.of(shifted), "data.labels"), "is outside [0, 2)");
        DataSource unlabelledButSaysClasses = new Variant() {
            @Override public Labelled sampleLabelled(NDManager manager, int n, Rng rng) {
                return new Labelled(sample(manager, n, rng), null);
            }
        };
        assertFailed(run(DataSourceChecks.of(unlabelledButSaysClasses), "data.labels"),
                "classes() = 2 but sampleLabelled(256) gives no labels");
    }
}
