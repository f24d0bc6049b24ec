package org.difflab.plugins.guidance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.difflab.plugins.guidance.Queries.LABELS;
import static org.difflab.plugins.guidance.Queries.maxAbs;
import static org.difflab.plugins.guidance.Queries.points;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.difflab.api.ComponentChoice;
import org.difflab.api.Guidance;
import org.difflab.api.Model;
import org.difflab.api.math.PathPoint;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.LoadedModel;
import org.difflab.tck.fixtures.LabelledReferenceData;
import org.difflab.tck.fixtures.ReferenceGuidanceContext;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.GuidanceContract;
import org.junit.jupiter.api.Test;

/**
 * Autoguidance on the exact class-conditional denoiser of the contract suite's labelled mixture, guided away from the
 * exact denoiser of the same mixture with every std doubled: the guidance contract, the combination, and its cost.
 */
class AutoguidanceTest implements GuidanceContract {

    private static final double BROADENING = 2.0;

    /** The exact denoiser of the labelled reference mixture broadened by {@link #BROADENING}. */
    private static ComponentChoice<Model> broadened() {
        return new ComponentChoice<>() {
            @Override
            public String id() {
                return "broadened-reference";
            }

            @Override
            public Model create() {
                return setting -> {
                    var wider = setting.closedForm().orElseThrow().broadened(BROADENING).orElseThrow();
                    return LoadedModel.of((x, t, c) -> wider.posteriorMean(x, PathPoint.of(setting.process(), t), c));
                };
            }
        };
    }

    private static Autoguidance autoguidance(double scale) {
        return new Autoguidance(new Autoguidance.Options(scale, broadened()));
    }

    @Override
    public Guidance createGuidance() {
        return autoguidance(2.5);
    }

    @Test
    void guidedPredictionIsTheGuidePlusScaleTimesTheDifferenceForEveryCondition() {
        var wider = LabelledReferenceData.MIXTURE.broadened(BROADENING).orElseThrow();
        try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(ReferenceProcesses.EDM_LIKE);
                NDManager manager = NDManager.newBaseManager()) {
            double t = 0.6;
            NDArray x = points(manager, t);
            ConditionalDenoiser guided = autoguidance(2.5).guide(context);
            assertThat(context.guidesLoaded()).isEqualTo(1);
            for (Condition condition : new Condition[] {LABELS, Condition.NONE}) {
                NDArray main = context.prediction(x, t, condition);
                NDArray weak = wider.posteriorMean(x, PathPoint.of(context.process(), t), condition);
                NDArray expected = main.mul(2.5).sub(weak.mul(1.5));
                int before = context.evaluations();
                assertThat(maxAbs(guided.denoise(x, t, condition), expected)).isLessThan(1e-13);
                assertThat(context.evaluations() - before).isEqualTo(2);
            }
        }
    }

    @Test
    void scaleOneIsTheRunsModelBitForBitWithoutLoadingTheGuide() {
        try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(ReferenceProcesses.EDM_LIKE);
                NDManager manager = NDManager.newBaseManager()) {
            double t = 0.6;
            NDArray x = points(manager, t);
            NDArray out = autoguidance(1.0).guide(context).denoise(x, t, LABELS);
            assertThat(out.toDoubleArray()).containsExactly(context.prediction(x, t, LABELS).toDoubleArray());
            assertThat(context.evaluations()).isEqualTo(1);
            assertThat(context.guidesLoaded()).isZero();
        }
    }
}
