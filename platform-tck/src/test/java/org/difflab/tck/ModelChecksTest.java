package org.difflab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.assertSkipped;
import static org.difflab.tck.Outcomes.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Optional;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Model;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.ModelSetting;
import org.difflab.tck.fixtures.ReferenceArchitecture;
import org.difflab.tck.fixtures.ReferenceModel;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.ModelContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelChecksTest {

    /** A model of the setting's closed form built from {@code denoiser}, claiming {@code capabilities}. */
    interface Body {
        NDArray denoise(ClosedFormData data, ModelSetting setting, NDArray x, double t, Condition condition);
    }

    static Model model(Set<Capability> capabilities, Body body) {
        return new Model() {
            @Override
            public LoadedModel load(ModelSetting setting) {
                ClosedFormData data = setting.closedForm().orElseThrow();
                return LoadedModel.of((x, t, c) -> body.denoise(data, setting, x, t, c));
            }

            @Override
            public Set<Capability> capabilities() {
                return capabilities;
            }
        };
    }

    @Test
    void theExactDenoiserPassesEveryCheckOnEveryProcessLabelledAndNot() {
        var checks = ModelChecks.of(new ReferenceModel(), ReferenceProcesses.all());
        for (Check check : checks) {
            assertPassed(check.run());
        }
        assertThat(run(checks, "model.closed-form").message()).contains("largest relative deviation 0",
                "edm-like (labelled)", "flow-like (labelled)");
    }

    @Test
    void aWrongShapeFails() {
        Model firstCoordinate = model(Set.of(), (data, setting, x, t, c) -> x.get(":, :1"));
        assertFailed(run(ModelChecks.of(firstCoordinate, ReferenceProcesses.all()), "model.denoiser-shape"),
                "for x of shape (6, 2) and type float32 x0_hat has shape (6, 1)");
    }

    @Test
    void aFloat64AnswerToFloat32InputFails() {
        Model alwaysFloat64 = model(Set.of(), (data, setting, x, t, c) -> data.posteriorMean(
                x.toType(DataType.FLOAT64, false), PathPoint.of(setting.process(), t), c));
        assertFailed(run(ModelChecks.of(alwaysFloat64, ReferenceProcesses.all()), "model.denoiser-shape"),
                "type float32 x0_hat has shape (6, 2) and type float64");
    }

    @Test
    void aModelThatDrawsNoiseOnEveryCallIsNotDeterministic() {
        Rng unseeded = new Rng(System.nanoTime());
        Model noisy = model(Set.of(), (data, setting, x, t, c) -> data.posteriorMean(x,
                PathPoint.of(setting.process(), t), c).add(unseeded.normalLike(x).mul(1e-3)));
        assertFailed(run(ModelChecks.of(noisy, ReferenceProcesses.all()), "model.deterministic"),
                "two calls with the same input differ by");
    }

    @Test
    void theEdmCoordinateDenoiserAppliedToXtIsNotTheExactPosteriorMeanWhereAlphaIsNotOne() {
        // D(x; sigma) of EDM's coordinate x~ = x_t/alpha evaluated on x_t itself: right where alpha = 1, wrong on VP
        Model unscaled = model(Set.of(Capability.CLOSED_FORM), (data, setting, x, t, c) -> {
            double level = setting.process().noiseLevel(t);
            return data.posteriorMean(x, new PathPoint(t, 1.0, level, 0.0, 1.0), c);
        });
        var edmOnly = java.util.List.of(ReferenceProcesses.all().get(0));
        assertPassed(run(ModelChecks.of(unscaled, edmOnly), "model.closed-form"));
        assertFailed(run(ModelChecks.of(unscaled, ReferenceProcesses.all()), "model.closed-form"),
                "on vp-like", "deviates from the exact posterior mean");
    }

    @Test
    void closedFormIsCheckedOnlyWhenClaimed() {
        Model unclaimed = model(Set.of(), (data, setting, x, t, c) -> x);
        assertSkipped(run(ModelChecks.of(unclaimed, ReferenceProcesses.all()), "model.closed-form"),
                "does not claim CLOSED_FORM");
    }

    @Test
    void noLabelsMustMeanTheSameAsNoCondition() {
        // a model that reads "no label" (-1) as class 0
        Model noLabelAsZero = model(Set.of(), (data, setting, x, t, c) -> {
            Condition read = c instanceof Condition.ClassLabels labels && setting.classes() > 0
                    ? Condition.labels(java.util.Arrays.stream(labels.labels()).map(l -> Math.max(l, 0)).toArray())
                    : c;
            return data.posteriorMean(x, PathPoint.of(setting.process(), t), read.isNone() ? Condition.NONE : read);
        });
        assertFailed(run(ModelChecks.of(noLabelAsZero, ReferenceProcesses.all()), "model.unconditioned"),
                "on edm-like (labelled)", "Condition.NONE and labels that are all NO_LABEL give x0_hat differing by");
    }

    @Test
    void aModelThatSaysItAppliesMustLoad() {
        Model broken = new Model() {
            @Override
            public LoadedModel load(ModelSetting setting) {
                throw new IllegalStateException("weights missing");
            }
        };
        assertFailed(run(ModelChecks.of(broken, ReferenceProcesses.all()), "model.loads"),
                "on edm-like: inapplicableTo says the model applies, but load threw IllegalStateException: weights"
                        + " missing");
    }

    @Test
    void aModelThatAppliesNowhereIsSkippedWithItsReason() {
        ModelArchitecture network = new ReferenceArchitecture();
        Model needsTraining = new Model() {
            @Override
            public Optional<String> inapplicableTo(ModelSetting setting) {
                return network.inapplicableTo(setting);
            }

            @Override
            public LoadedModel load(ModelSetting setting) {
                return network.load(setting);
            }
        };
        for (Check check : ModelChecks.of(needsTraining, ReferenceProcesses.all())) {
            if (!check.name().equals("model.closed-form")) {
                assertSkipped(check.run(), "applies to none of the reference settings: this model is a network");
            }
        }
    }

    @Test
    void aModelForUnlabelledDataOnlyIsCheckedWhereItApplies() {
        Model unlabelledOnly = new Model() {
            @Override
            public Optional<String> inapplicableTo(ModelSetting setting) {
                return setting.classes() > 0 ? Optional.of("takes no labels") : Optional.empty();
            }

            @Override
            public LoadedModel load(ModelSetting setting) {
                return new ReferenceModel().load(setting);
            }
        };
        Outcome outcome = run(ModelChecks.of(unlabelledOnly, ReferenceProcesses.all()), "model.denoiser-shape");
        assertPassed(outcome);
        assertThat(outcome.message()).contains("on edm-like, vp-like, flow-like; not applicable elsewhere: takes no"
                + " labels");
    }

    /** The mix-in, as a plugin author uses it. */
    @Nested
    class MixIn implements ModelContract {
        @Override
        public Model createModel() {
            return new ReferenceModel();
        }
    }
}
