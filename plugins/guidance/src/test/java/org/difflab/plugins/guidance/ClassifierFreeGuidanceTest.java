package org.difflab.plugins.guidance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.difflab.plugins.guidance.Queries.LABELS;
import static org.difflab.plugins.guidance.Queries.maxAbs;
import static org.difflab.plugins.guidance.Queries.points;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.difflab.api.Guidance;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.tck.fixtures.ReferenceGuidanceContext;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.GuidanceContract;
import org.junit.jupiter.api.Test;

/**
 * Classifier-free guidance on the exact class-conditional denoiser of the contract suite's labelled mixture: the
 * platform's guidance contract (with an interval, so both branches are checked), the combination, the scales at which
 * it is one of the two models bit for bit, and what the interval switches. On the EDM-like process sigma/alpha = t.
 */
class ClassifierFreeGuidanceTest implements GuidanceContract {

    @Override
    public Guidance createGuidance() {
        return cfg(3.0, 0.2, 1.0);
    }

    private static ClassifierFreeGuidance cfg(double scale, double... interval) {
        return new ClassifierFreeGuidance(new ClassifierFreeGuidance.Options(scale, interval));
    }

    @Test
    void guidedPredictionIsUnconditionalPlusScaleTimesTheDifference() {
        try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(ReferenceProcesses.EDM_LIKE);
                NDManager manager = NDManager.newBaseManager()) {
            double t = 0.8;
            NDArray x = points(manager, t);
            NDArray u = context.prediction(x, t, Condition.NONE);
            NDArray c = context.prediction(x, t, LABELS);
            // (1 + w') c - w' u with Ho & Salimans' w' = 2.5, i.e. scale 3.5
            NDArray expected = c.mul(3.5).sub(u.mul(2.5));
            NDArray guided = cfg(3.5).guide(context).denoise(x, t, LABELS);
            assertThat(maxAbs(guided, expected)).isLessThan(1e-13);
            // the sample with no label gets the unconditional prediction exactly (c = u there)
            assertThat(guided.get(6).toDoubleArray()).containsExactly(u.get(6).toDoubleArray());
            assertThat(context.evaluations()).isEqualTo(2);
        }
    }

    @Test
    void scaleOneIsTheConditionalModelAndScaleZeroTheUnconditionalBitForBitAtOneEvaluation() {
        try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(ReferenceProcesses.EDM_LIKE);
                NDManager manager = NDManager.newBaseManager()) {
            double t = 0.5;
            NDArray x = points(manager, t);
            NDArray conditional = cfg(1.0).guide(context).denoise(x, t, LABELS);
            assertThat(conditional.toDoubleArray()).containsExactly(context.prediction(x, t, LABELS).toDoubleArray());
            assertThat(context.evaluations()).isEqualTo(1);
            NDArray unconditional = cfg(0.0).guide(context).denoise(x, t, LABELS);
            assertThat(unconditional.toDoubleArray())
                    .containsExactly(context.prediction(x, t, Condition.NONE).toDoubleArray());
            assertThat(context.evaluations()).isEqualTo(2);
        }
    }

    @Test
    void guidanceActsOnlyForNoiseLevelsInTheHalfOpenInterval() {
        try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(ReferenceProcesses.EDM_LIKE);
                NDManager manager = NDManager.newBaseManager()) {
            ConditionalDenoiser interval = cfg(4.0, 0.3, 1.2).guide(context);
            ConditionalDenoiser everywhere = cfg(4.0).guide(context);
            // (sigma_lo, sigma_hi] = (0.3, 1.2]: sigma = 0.3 and 2.0 are outside, 1.2 and 0.7 inside
            for (double t : new double[] {0.3, 2.0}) {
                NDArray x = points(manager, t);
                int before = context.evaluations();
                NDArray out = interval.denoise(x, t, LABELS);
                assertThat(context.evaluations() - before).as("evaluations at sigma %s", t).isEqualTo(1);
                assertThat(out.toDoubleArray()).containsExactly(context.prediction(x, t, LABELS).toDoubleArray());
            }
            for (double t : new double[] {1.2, 0.7}) {
                NDArray x = points(manager, t);
                int before = context.evaluations();
                NDArray out = interval.denoise(x, t, LABELS);
                assertThat(context.evaluations() - before).as("evaluations at sigma %s", t).isEqualTo(2);
                assertThat(out.toDoubleArray()).containsExactly(everywhere.denoise(x, t, LABELS).toDoubleArray());
            }
        }
    }

    @Test
    void anEmptyIntervalIsTheConditionalModelEverywhere() {
        try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(ReferenceProcesses.EDM_LIKE);
                NDManager manager = NDManager.newBaseManager()) {
            ConditionalDenoiser empty = cfg(4.0, 0.5, 0.5).guide(context);
            for (double t : new double[] {0.1, 0.5, 3.0}) {
                NDArray x = points(manager, t);
                assertThat(empty.denoise(x, t, LABELS).toDoubleArray())
                        .containsExactly(context.prediction(x, t, LABELS).toDoubleArray());
            }
            assertThat(context.evaluations()).isEqualTo(3);
        }
    }

    @Test
    void aReversedOrMalformedIntervalIsRefusedSayingWhatIsAccepted() {
        assertThatThrownBy(() -> cfg(2.0, 1.0, 0.5)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("0 <= sigma_lo <= sigma_hi").hasMessageContaining("[1.0, 0.5]");
        assertThatThrownBy(() -> cfg(2.0, 1.0)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("[] (guide everywhere)");
        assertThatThrownBy(() -> cfg(Double.NaN)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("scale must be a finite number >= 0");
    }
}
