package org.difflab.examples.modelside;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.TrainingObjective;
import org.difflab.api.math.Rng;
import org.difflab.api.model.NetworkDenoiser;
import org.difflab.api.training.ObjectiveRun;
import org.difflab.tck.fixtures.ReferenceData;
import org.difflab.tck.fixtures.ReferenceModelUnderTest;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.fixtures.ReferenceTrainingContext;
import org.difflab.tck.junit.TrainingObjectiveContract;
import org.junit.jupiter.api.Test;

/**
 * The platform's training-objective contract (a finite float32 scalar with gradients to the network, reproducible by
 * seed and step, descending along its gradient) through the {@link TrainingObjectiveContract} mix-in, and what the
 * loss is for: trained on it, a network's denoising error falls toward the exact denoiser's.
 */
class MinSnrLossTest implements TrainingObjectiveContract {

    @Override
    public TrainingObjective createObjective() {
        return new MinSnrLoss(new MinSnrLoss.Options(5.0, -1.2, 1.2));
    }

    /** The denoising error of the context's network (as the run's model) at noise levels 0.1 to 3. */
    static double denoisingError(ReferenceTrainingContext context, NetworkDenoiser denoiser) {
        try (ReferenceModelUnderTest model = new ReferenceModelUnderTest(denoiser, context.process(), context.data())) {
            return error(model);
        }
    }

    static double error(ReferenceModelUnderTest model) {
        DenoisingMse metric = new DenoisingMse(new DenoisingMse.Options(new double[] {0.1, 0.3, 1.0, 3.0}, 2000));
        return metric.compute(new MetricInput(Points.of(new double[1][2]), Points.of(new double[1][2]),
                new ReferenceData(), new Rng(3), null, null, model));
    }

    @Test
    void trainingOnTheLossBringsTheDenoisingErrorTowardTheExactDenoisers() {
        try (ReferenceTrainingContext context = ReferenceTrainingContext.unlabelled(ReferenceProcesses.EDM_LIKE)) {
            NetworkDenoiser denoiser = new NetworkDenoiser(context.network(), context.process(),
                    context.parameterization(), context.preconditioner());
            double exact;
            try (ReferenceModelUnderTest model = ReferenceModelUnderTest.exact(context.data(), context.process())) {
                exact = error(model);
            }
            double before = denoisingError(context, denoiser);
            ObjectiveRun run = createObjective().start(context);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build();
            Map<String, NDArray> weights = context.network().parameters();
            for (int step = 1; step <= 600; step++) {
                // the optimizer keeps its moments across steps: only the step's own arrays are freed
                try (NDManager manager = context.network().manager().newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        collector.backward(run.loss(context.batch(step, manager)));
                    }
                    weights.forEach((name, weight) -> {
                        NDArray gradient = weight.getGradient();
                        adam.update(name, weight, gradient);
                        gradient.subi(gradient);
                    });
                }
            }
            double after = denoisingError(context, denoiser);
            // the exact denoiser is the floor; 600 steps of a 16-unit network close most of the gap
            assertTrue(exact < after, "exact " + exact + " is the floor, trained " + after);
            assertTrue(after - exact < 0.25 * (before - exact), "before " + before + ", after " + after + ", exact "
                    + exact);
        }
    }
}
