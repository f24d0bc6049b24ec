package org.difflab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import org.difflab.api.TrainingObjective;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Preconditioning;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Network;
import org.difflab.api.training.ObjectiveRun;
import org.difflab.api.training.TrainingBatch;
import org.difflab.api.training.TrainingContext;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.TrainingObjectiveContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TrainingObjectiveChecksTest {

    /**
     * EDM's loss (Karras et al. 2022, eq. 8): ln sigma ~ N(-1.2, 1.2^2), F regressed on its target with unit effective
     * weight (lambda c_out^2 = 1); {@code shape} turns the mean squared error into the returned loss.
     */
    static TrainingObjective edm(UnaryOperator<NDArray> shape, Rng noiseSource) {
        return context -> batch -> shape.apply(squaredError(context, context.network(), batch, noiseSource));
    }

    static TrainingObjective edm() {
        return edm(UnaryOperator.identity(), null);
    }

    /** Per-example squared error of {@code network} on the batch (noise from the batch's rng unless given). */
    static NDArray squaredError(TrainingContext context, Network network, TrainingBatch batch, Rng noiseSource) {
        NDManager manager = batch.manager();
        int n = batch.size();
        Rng rng = noiseSource == null ? batch.rng() : noiseSource;
        float[][] columns = new float[6][n];
        for (int i = 0; i < n; i++) {
            double level = Math.exp(-1.2 + 1.2 * rng.nextGaussian());
            PathPoint p = PathPoint.of(context.process(), context.process().timeAtNoiseLevel(level));
            Preconditioning c = Preconditioning.at(p, context.parameterization(), context.preconditioner());
            double[] row = {p.alpha(), p.sigma(), c.target().a(), c.target().b(), c.in(), c.noise()};
            for (int k = 0; k < row.length; k++) {
                columns[k][i] = (float) row[k];
            }
        }
        Shape column = new Shape(n, 1);
        NDArray x0 = batch.x0();
        NDArray eps = rng.split(1).normal(manager, x0.getShape(), DataType.FLOAT32);
        NDArray xt = x0.mul(manager.create(columns[0], column)).add(eps.mul(manager.create(columns[1], column)));
        NDArray target = x0.mul(manager.create(columns[2], column)).add(eps.mul(manager.create(columns[3], column)));
        NDArray output = network.forward(xt.mul(manager.create(columns[4], column)), manager.create(columns[5]),
                batch.condition(), true);
        return output.sub(target).square();
    }

    @Test
    void edmsLossPassesEveryCheckOnEveryProcessAndWithLabels() {
        var checks = TrainingObjectiveChecks.of(edm(NDArray::mean, null), ReferenceProcesses.all());
        for (Check check : checks) {
            assertPassed(check.run());
        }
        assertThat(run(checks, "objective.loss").message()).contains("edm-like (labelled, 3 classes)",
                "(4/4 weight arrays)");
    }

    @Test
    void aLossWithoutGradientFails() {
        TrainingObjective detached = edm(error -> error.mean().stopGradient(), null);
        assertFailed(run(TrainingObjectiveChecks.of(detached, ReferenceProcesses.all()), "objective.loss"),
                "on edm-like: back-propagating the loss failed");
    }

    @Test
    void aLossThroughAnExtraNetworkOnlyGivesTheTrainedNetworkNoGradient() {
        TrainingObjective wrongNetwork = context -> {
            Network copy = context.extraNetwork("copy");
            copy.parameters().values().forEach(weight -> weight.setRequiresGradient(true));
            return batch -> squaredError(context, copy, batch, null).mean();
        };
        var checks = TrainingObjectiveChecks.of(wrongNetwork, ReferenceProcesses.all());
        assertFailed(run(checks, "objective.loss"), "on edm-like: no gradient reaches the trained network's 4 weight"
                + " arrays");
        assertFailed(run(checks, "objective.descent"), "no gradient reaches the trained network's weights");
    }

    @Test
    void aLossThatIsNotAFloat32ScalarFails() {
        var perExample = TrainingObjectiveChecks.of(edm(UnaryOperator.identity(), null), ReferenceProcesses.all());
        assertFailed(run(perExample, "objective.loss"), "the loss has shape (64, 2); a scalar (shape ()) is expected");
        var float64 = TrainingObjectiveChecks.of(edm(e -> e.mean().toType(DataType.FLOAT64, false), null),
                ReferenceProcesses.all());
        assertFailed(run(float64, "objective.loss"), "the loss is float64; float32 is expected");
    }

    @Test
    void noiseNotDrawnFromTheBatchStreamIsNotReproducible() {
        TrainingObjective unseeded = context -> {
            Rng own = new Rng(System.nanoTime());
            return batch -> squaredError(context, context.network(), batch, own).mean();
        };
        assertFailed(run(TrainingObjectiveChecks.of(unseeded, ReferenceProcesses.all()), "objective.reproducible"),
                "on edm-like: two runs with the same seed give losses", "at step 1");
    }

    @Test
    void aLossWhoseGradientPointsUphillFails() {
        // the value of the squared error with the gradient of its negative (a sign error in a hand-made gradient)
        TrainingObjective uphill = edm(error -> {
            NDArray mse = error.mean();
            return mse.stopGradient().mul(2).sub(mse);
        }, null);
        assertFailed(run(TrainingObjectiveChecks.of(uphill, ReferenceProcesses.all()), "objective.descent"),
                "on edm-like, gradient step 1: the loss", "does not fall along its gradient");
    }

    /**
     * EDM's loss plus a pull toward an exponential moving average of the weights (an extra network, moved in
     * afterUpdate): exercises extra networks and afterUpdate.
     */
    static final TrainingObjective WITH_AVERAGE = context -> {
        Network average = context.extraNetwork("average");
        return new ObjectiveRun() {
            @Override
            public NDArray loss(TrainingBatch batch) {
                NDArray own = squaredError(context, context.network(), batch, batch.rng().split(7)).mean();
                NDArray pull = squaredError(context, average, batch, batch.rng().split(7)).mean().stopGradient();
                return own.add(own.sub(pull).square().mul(0.1f));
            }

            @Override
            public void afterUpdate(int step) {
                var target = average.parameters();
                context.network().parameters().forEach((name, weight) ->
                        target.get(name).muli(0.9f).addi(weight.stopGradient().mul(0.1f)));
            }
        };
    };

    @Test
    void anObjectiveWithAnExtraNetworkPasses() {
        for (Check check : TrainingObjectiveChecks.of(WITH_AVERAGE, ReferenceProcesses.all())) {
            assertPassed(check.run());
        }
    }

    /** The mix-in, as a plugin author uses it. */
    @Nested
    class MixIn implements TrainingObjectiveContract {
        @Override
        public TrainingObjective createObjective() {
            return edm(NDArray::mean, null);
        }
    }
}
