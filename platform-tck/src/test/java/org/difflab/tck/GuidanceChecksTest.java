package org.difflab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.assertSkipped;
import static org.difflab.tck.Outcomes.run;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Guidance;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.GuidanceContext;
import org.difflab.tck.fixtures.ReferenceModel;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.GuidanceContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GuidanceChecksTest {

    /** The model's own prediction. */
    static final Guidance NONE = GuidanceContext::model;

    /**
     * Classifier-free guidance (Ho & Salimans 2022) as u + w (c - u): equal to u, exactly, wherever c = u, and the
     * conditional prediction is not evaluated for an unconditioned batch.
     */
    static Guidance cfg(double scale) {
        return context -> {
            ConditionalDenoiser model = context.model();
            return (x, t, condition) -> {
                NDArray unconditional = model.denoise(x, t, Condition.NONE);
                if (condition.isNone()) {
                    return unconditional;
                }
                return unconditional.add(model.denoise(x, t, condition).sub(unconditional).mul(scale));
            };
        };
    }

    /** CFG written (1 + w) c - w u, both evaluated always: mathematically u when c = u, but not in floating point. */
    static Guidance naiveCfg(double w) {
        return context -> {
            ConditionalDenoiser model = context.model();
            return (x, t, condition) -> model.denoise(x, t, condition).mul(1 + w)
                    .sub(model.denoise(x, t, Condition.NONE).mul(w));
        };
    }

    /** CFG with both predictions from one call on the stacked batch [x; x]: one model call, two NFE of work. */
    static Guidance stackedCfg(double scale) {
        return context -> {
            ConditionalDenoiser model = context.model();
            return (x, t, condition) -> {
                int n = Math.toIntExact(x.getShape().get(0));
                int[] labels = new int[2 * n];
                java.util.Arrays.fill(labels, Condition.NO_LABEL);
                if (condition instanceof Condition.ClassLabels given) {
                    System.arraycopy(given.labels(), 0, labels, n, n);
                }
                NDArray both = model.denoise(x.concat(x, 0), t, Condition.labels(labels));
                NDArray unconditional = both.get("0:" + n);
                return unconditional.add(both.get(n + ":").sub(unconditional).mul(scale));
            };
        };
    }

    /** Autoguidance's form g + w (m - g) (Karras et al. 2024) with the exact model as its own guide. */
    static final Guidance SELF_GUIDED = context -> {
        ConditionalDenoiser model = context.model();
        ConditionalDenoiser guide = context.load(ReferenceModel.choice());
        return (x, t, condition) -> {
            NDArray weak = guide.denoise(x, t, condition);
            return weak.add(model.denoise(x, t, condition).sub(weak).mul(2.0));
        };
    };

    @Test
    void noGuidanceAndCfgPassEveryCheck() {
        for (Guidance guidance : new Guidance[] {NONE, cfg(3.0)}) {
            for (Check check : GuidanceChecks.of(guidance, ReferenceProcesses.all())) {
                assertPassed(check.run());
            }
        }
        assertThat(run(GuidanceChecks.of(cfg(3.0), ReferenceProcesses.all()), "guidance.evaluations").message())
                .contains("unconditioned 1", "labelled 2", "partly labelled 2");
        assertThat(run(GuidanceChecks.of(NONE, ReferenceProcesses.all()), "guidance.evaluations").message())
                .contains("unconditioned 1", "labelled 1");
    }

    @Test
    void aGuidanceThatIgnoresTheModelFails() {
        Guidance identity = context -> (x, t, condition) -> x;
        var checks = GuidanceChecks.of(identity, ReferenceProcesses.all());
        assertFailed(run(checks, "guidance.unconditioned"), "on edm-like", "x0_hat differs from the model's prediction");
        assertFailed(run(checks, "guidance.evaluations"), "the call evaluated neither the context's model nor a guide");
    }

    @Test
    void cfgThatIsNotExactlyTheModelWithoutLabelsFails() {
        assertFailed(run(GuidanceChecks.of(naiveCfg(2.5), ReferenceProcesses.all()), "guidance.unconditioned"),
                "unconditioned batch: x0_hat differs from the model's prediction by", "u + w (c - u)");
    }

    @Test
    void evaluationsStackedIntoOneCallAreUnderCounted() {
        var checks = GuidanceChecks.of(stackedCfg(3.0), ReferenceProcesses.all());
        assertFailed(run(checks, "guidance.evaluations"), "one model evaluation was asked for 12 rows for a batch of 6");
    }

    @Test
    void aGuidanceThatDrawsNoiseIsNotDeterministic() {
        Rng unseeded = new Rng(System.nanoTime());
        Guidance jittered = context -> {
            ConditionalDenoiser model = context.model();
            return (x, t, condition) -> model.denoise(x, t, condition).add(unseeded.normalLike(x).mul(1e-6));
        };
        assertFailed(run(GuidanceChecks.of(jittered, ReferenceProcesses.all()), "guidance.deterministic"),
                "two calls with the same input differ by");
    }

    @Test
    void aGuidanceWithAGuideModelCountsTheGuidesEvaluations() {
        var checks = GuidanceChecks.of(SELF_GUIDED, ReferenceProcesses.all());
        assertSkipped(run(checks, "guidance.unconditioned"), "loads a guide model");
        assertPassed(run(checks, "guidance.shape-and-type"));
        assertPassed(run(checks, "guidance.deterministic"));
        Outcome evaluations = run(checks, "guidance.evaluations");
        assertPassed(evaluations);
        assertThat(evaluations.message()).contains("unconditioned 2", "labelled 2");
    }

    /** The mix-in, as a plugin author uses it. */
    @Nested
    class MixIn implements GuidanceContract {
        @Override
        public Guidance createGuidance() {
            return cfg(2.0);
        }
    }
}
