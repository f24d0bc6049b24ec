package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.difflab.api.TrainingObjective;
import org.difflab.api.training.ObjectiveRun;
import org.difflab.tck.fixtures.ReferenceTrainingContext;

/**
 * The contract of a {@link TrainingObjective}, started in small runs of the contract suite
 * ({@link ReferenceTrainingContext}: the reference mixture, a 16-unit network, batches of 64 drawn as the platform's
 * loop draws them) on every given process, and once on the labelled mixture with a class-conditional network. Each
 * step runs as in the platform's loop: inside a scope that frees the step's arrays, the loss is computed in a gradient
 * collector and back-propagated.
 */
public final class TrainingObjectiveChecks {

    /** Gradient steps of the descent check. */
    static final int DESCENT_STEPS = 3;
    /** Learning rate of the plain gradient update between the two steps of the reproducibility check. */
    static final double UPDATE_RATE = 1e-2;

    private TrainingObjectiveChecks() {}

    /** A small run to check the objective in. */
    private record Run(String name, Supplier<ReferenceTrainingContext> context) {}

    /** Every check of {@code objective}, on each of {@code processes}. */
    public static List<Check> of(TrainingObjective objective, List<NamedProcess> processes) {
        List<Run> runs = new ArrayList<>();
        for (NamedProcess process : processes) {
            runs.add(new Run(process.name(), () -> ReferenceTrainingContext.unlabelled(process.process())));
        }
        if (!processes.isEmpty()) {
            NamedProcess first = processes.get(0);
            runs.add(new Run(first.name() + " (labelled, 3 classes)",
                    () -> ReferenceTrainingContext.labelled(first.process())));
        }
        return List.of(
                new Check("objective.loss", "the loss is a finite float32 scalar whose gradients reach the trained"
                        + " network's weights", () -> loss(objective, runs)),
                new Check("objective.reproducible", "the same seed and step give the same loss, bit for bit, also"
                        + " after a weight update and afterUpdate", () -> reproducible(objective, runs)),
                new Check("objective.descent", DESCENT_STEPS + " gradient steps on a fixed batch (one step's data and"
                        + " randomness) each lower the loss", () -> descent(objective, runs)));
    }

    /**
     * Step {@code step}'s loss with gradients, as the platform's loop computes it; the weights' gradients are left
     * accumulated.
     *
     * @return the loss value, or throws naming what is wrong with the loss
     */
    static double stepWithGradient(ReferenceTrainingContext context, ObjectiveRun run, int step) {
        try (NDScope scope = new NDScope(); NDManager manager = context.network().manager().newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = run.loss(context.batch(step, manager));
                String problem = problem(loss);
                if (problem != null) {
                    throw new IllegalStateException(problem);
                }
                try {
                    collector.backward(loss);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("back-propagating the loss failed (is it computed from the network's"
                            + " output with gradients recorded?): " + Check.describe(e), e);
                }
                return loss.getFloat();
            }
        }
    }

    /** What is wrong with a loss array, or null. */
    private static String problem(NDArray loss) {
        if (loss == null) {
            return "loss() returned null";
        }
        if (!loss.getShape().isScalar()) {
            return "the loss has shape " + loss.getShape() + "; a scalar (shape ()) is expected, e.g. .mean()";
        }
        if (loss.getDataType() != DataType.FLOAT32) {
            return "the loss is " + loss.getDataType() + "; float32 is expected";
        }
        float value = loss.getFloat();
        if (!Float.isFinite(value)) {
            return "the loss is " + value;
        }
        return null;
    }

    /** The loss of step {@code step} without gradients. */
    static double value(ReferenceTrainingContext context, ObjectiveRun run, int step) {
        try (NDScope scope = new NDScope(); NDManager manager = context.network().manager().newSubManager()) {
            return run.loss(context.batch(step, manager)).getFloat();
        }
    }

    static Outcome loss(TrainingObjective objective, List<Run> runs) {
        if (runs.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        List<String> measured = new ArrayList<>();
        for (Run r : runs) {
            try (ReferenceTrainingContext context = r.context.get()) {
                ObjectiveRun run = objective.start(context);
                double value;
                try {
                    value = stepWithGradient(context, run, 1);
                } catch (IllegalStateException e) {
                    return Outcome.failed("on " + r.name + ": " + e.getMessage());
                }
                Collection<NDArray> weights = context.network().parameters().values();
                int reached = 0;
                for (NDArray weight : weights) {
                    if (weight.hasGradient() && weight.getGradient().abs().sum().getFloat() > 0) {
                        reached++;
                    }
                }
                if (reached == 0) {
                    return Outcome.failed("on " + r.name + ": no gradient reaches the trained network's "
                            + weights.size() + " weight arrays (loss " + fmt(value) + ")");
                }
                measured.add(r.name + " " + fmt(value) + " (" + reached + "/" + weights.size() + " weight arrays)");
            }
        }
        return Outcome.passed("loss at step 1 with gradients: " + String.join("; ", measured));
    }

    /** Losses of steps 1 and 2 of a fresh run, with a plain gradient update and afterUpdate(1) between them. */
    private static double[] twoSteps(TrainingObjective objective, Run r) {
        try (ReferenceTrainingContext context = r.context.get()) {
            ObjectiveRun run = objective.start(context);
            double first = stepWithGradient(context, run, 1);
            try (NDScope scope = new NDScope()) {
                for (NDArray weight : context.network().parameters().values()) {
                    if (weight.hasGradient()) {
                        NDArray gradient = weight.getGradient();
                        weight.subi(gradient.mul(UPDATE_RATE));
                        gradient.subi(gradient);
                    }
                }
            }
            run.afterUpdate(1);
            return new double[] {first, stepWithGradient(context, run, 2)};
        }
    }

    static Outcome reproducible(TrainingObjective objective, List<Run> runs) {
        if (runs.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        List<String> measured = new ArrayList<>();
        for (Run r : runs) {
            double[] a;
            double[] b;
            try {
                a = twoSteps(objective, r);
                b = twoSteps(objective, r);
            } catch (IllegalStateException e) {
                return Outcome.failed("on " + r.name + ": " + e.getMessage());
            }
            for (int k = 0; k < 2; k++) {
                if (Double.compare(a[k], b[k]) != 0) {
                    return Outcome.failed("on " + r.name + ": two runs with the same seed give losses " + fmt(a[k])
                            + " and " + fmt(b[k]) + " at step " + (k + 1) + " (draw every random number from the"
                            + " batch's rng or its splits)");
                }
            }
            measured.add(r.name + " " + fmt(a[0]) + ", " + fmt(a[1]));
        }
        return Outcome.passed("identical losses at steps 1 and 2 in two runs: " + String.join("; ", measured));
    }

    static Outcome descent(TrainingObjective objective, List<Run> runs) {
        if (runs.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        List<String> measured = new ArrayList<>();
        for (Run r : runs) {
            try (ReferenceTrainingContext context = r.context.get()) {
                ObjectiveRun run = objective.start(context);
                Collection<NDArray> weights = context.network().parameters().values();
                StringBuilder path = new StringBuilder();
                for (int k = 1; k <= DESCENT_STEPS; k++) {
                    GradientStep.Result step;
                    try (NDScope scope = new NDScope(); NDManager manager = context.network().manager().newSubManager()) {
                        step = GradientStep.take(weights, () -> run.loss(context.batch(1, manager)),
                                () -> value(context, run, 1));
                    } catch (RuntimeException e) {
                        return Outcome.failed("on " + r.name + ", gradient step " + k + ": " + Check.describe(e));
                    }
                    if (!step.hasGradient()) {
                        return Outcome.failed("on " + r.name + ", gradient step " + k + ": no gradient reaches the"
                                + " trained network's weights");
                    }
                    if (!step.lowered()) {
                        return Outcome.failed("on " + r.name + ", gradient step " + k + ": the loss " + fmt(step.before())
                                + " does not fall along its gradient: " + fmt(step.after()) + " after a step of lr "
                                + fmt(step.rate()) + ", and no larger step (up to 1024x) lowered it either (gradient norm "
                                + fmt(step.gradientNorm()) + "; the same batch and randomness each time)");
                    }
                    if (k == 1) {
                        path.append(fmt(step.before()));
                    }
                    path.append(" -> ").append(fmt(step.after()));
                }
                measured.add(r.name + " " + path);
            }
        }
        return Outcome.passed("loss on a fixed batch over " + DESCENT_STEPS + " gradient steps: "
                + String.join("; ", measured));
    }
}
