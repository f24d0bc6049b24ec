package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.difflab.api.Capability;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.math.Rng;
import org.difflab.api.model.BlockNetwork;
import org.difflab.api.model.Condition;

/**
 * The contract of a {@link ModelArchitecture}: for a sample shape it accepts (a 2-D vector, or a 1x8x8 image), the
 * network's output has the input's shape; one gradient step lowers the squared error on a fixed batch; saved
 * parameters load into a freshly built network that then gives identical outputs; built for class labels, the label
 * changes the output and "no label" works. Networks run in float32 on the
 * default device; with {@link Capability#NEEDS_GPU} and no GPU the checks are skipped.
 */
public final class ModelArchitectureChecks {

    /** Sample shapes tried, in order: toy vectors, then small images. */
    static final List<Shape> SHAPES = List.of(new Shape(2), new Shape(1, 8, 8));
    static final int BATCH = 8;
    /** Classes of the class-conditional network. */
    static final int CLASSES = 3;
    /** Labels of the class-label check's batch: every class and "no label", twice. */
    private static final int[] LABELS = {0, 1, 2, Condition.NO_LABEL, 0, 1, 2, Condition.NO_LABEL};

    private ModelArchitectureChecks() {}

    /** Every check of {@code architecture}. */
    public static List<Check> of(ModelArchitecture architecture) {
        return List.of(
                new Check("model.output-shape", "output shape equals input shape for the sample shapes it accepts",
                        () -> outputShape(architecture)),
                new Check("model.training-step", "one gradient step lowers the squared error on a fixed batch",
                        () -> trainingStep(architecture)),
                new Check("model.save-load", "saved parameters load into a new network with identical outputs",
                        () -> saveLoad(architecture)),
                new Check("model.class-labels", "built for " + CLASSES + " classes, each label and 'no label' give a"
                        + " different output for the same input (at initialisation or after one gradient step toward"
                        + " label-dependent targets), finite and of the input's shape", () -> classLabels(architecture)));
    }

    private static Outcome gpuSkip(ModelArchitecture architecture) {
        if (architecture.capabilities().contains(Capability.NEEDS_GPU) && Engine.getInstance().getGpuCount() == 0) {
            return Outcome.skipped("NEEDS_GPU and this machine has no GPU");
        }
        return null;
    }

    /** A network initialised for the first accepted shape, with a fixed input batch. */
    private record Built(Block block, Shape sampleShape, NDList input, List<String> rejected) {}

    /** A check of the network built for the first accepted sample shape. */
    private interface OnBuilt {
        Outcome check(Built built, ParameterStore store, NDManager manager) throws Exception;
    }

    /**
     * Runs {@code check} on the network built for the first sample shape the architecture accepts; skipped without a
     * GPU the architecture needs, or when it accepts none (which model.output-shape reports).
     */
    private static Outcome onFirstAcceptedShape(ModelArchitecture architecture, OnBuilt check) throws Exception {
        Outcome skip = gpuSkip(architecture);
        if (skip != null) {
            return skip;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Built built = build(architecture, manager);
            if (built.block == null) {
                return Outcome.skipped("accepts none of the sample shapes (see model.output-shape)");
            }
            return check.check(built, new ParameterStore(manager, false), manager);
        }
    }

    /** The architecture's network for a sample shape, or null (the reason added to rejected) if it refuses it. */
    private static Block buildOrReject(ModelArchitecture architecture, Shape shape, int classes, List<String> rejected) {
        try {
            return architecture.build(shape, classes);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            rejected.add(shape + " (" + e.getMessage() + ")");
            return null;
        }
    }

    private static Built build(ModelArchitecture architecture, NDManager manager) {
        List<String> rejected = new ArrayList<>();
        for (Shape shape : SHAPES) {
            Block block = buildOrReject(architecture, shape, 0, rejected);
            if (block == null) {
                continue;
            }
            NDList input = input(manager, shape);
            block.initialize(manager, DataType.FLOAT32, input.get(0).getShape(), input.get(1).getShape());
            return new Built(block, shape, input, rejected);
        }
        return new Built(null, null, null, rejected);
    }

    private static NDList input(NDManager manager, Shape shape) {
        Rng rng = new Rng(17);
        NDArray x = rng.normal(manager, new Shape(BATCH).addAll(shape), DataType.FLOAT32);
        NDArray noise = rng.normal(manager, new Shape(BATCH), DataType.FLOAT32);
        return new NDList(x, noise);
    }

    static Outcome outputShape(ModelArchitecture architecture) {
        Outcome skip = gpuSkip(architecture);
        if (skip != null) {
            return skip;
        }
        List<String> accepted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (Shape shape : SHAPES) {
            Block block = buildOrReject(architecture, shape, 0, rejected);
            if (block == null) {
                continue;
            }
            try (NDManager manager = NDManager.newBaseManager()) {
                NDList input = input(manager, shape);
                block.initialize(manager, DataType.FLOAT32, input.get(0).getShape(), input.get(1).getShape());
                NDList output = block.forward(new ParameterStore(manager, false), input, false);
                Shape got = output.singletonOrThrow().getShape();
                if (!got.equals(input.get(0).getShape())) {
                    return Outcome.failed("for input shape " + input.get(0).getShape() + " the output has shape " + got);
                }
                accepted.add(shape.toString());
            }
        }
        if (accepted.isEmpty()) {
            return Outcome.failed("accepts none of the sample shapes " + SHAPES + ": " + String.join(", ", rejected));
        }
        return Outcome.passed("output shape = input shape for sample shapes " + String.join(", ", accepted)
                + (rejected.isEmpty() ? "" : "; rejects " + String.join(", ", rejected)));
    }

    private static double loss(Block block, ParameterStore store, NDList input, NDArray target) {
        return block.forward(store, input, false).singletonOrThrow().sub(target).square().mean().getFloat();
    }

    /**
     * One gradient-descent step ({@link GradientStep}: backtracking from a first-order 1% decrease) lowers the squared
     * error against a fixed random target, with the gradient taken in training mode.
     */
    static Outcome trainingStep(ModelArchitecture architecture) throws Exception {
        return onFirstAcceptedShape(architecture, (built, store, manager) -> {
            NDArray target = new Rng(23).normal(manager, built.input.get(0).getShape(), DataType.FLOAT32);
            List<NDArray> weights = new ArrayList<>();
            for (Pair<String, Parameter> parameter : built.block.getParameters()) {
                weights.add(parameter.getValue().getArray());
            }
            GradientStep.Result step = GradientStep.take(weights,
                    () -> built.block.forward(store, built.input, true).singletonOrThrow().sub(target).square().mean(),
                    () -> loss(built.block, store, built.input, target));
            if (!step.hasGradient()) {
                return Outcome.failed("no parameter received a non-zero gradient (" + weights.size()
                        + " parameters, gradient norm " + fmt(step.gradientNorm()) + ")");
            }
            if (step.lowered()) {
                return Outcome.passed("squared error " + fmt(step.before()) + " -> " + fmt(step.after()) + " after one"
                        + " gradient step (lr " + fmt(step.rate()) + ", " + step.arrays() + " parameter arrays, sample"
                        + " shape " + built.sampleShape + ")");
            }
            return Outcome.failed("squared error " + fmt(step.before()) + " does not fall along the gradient: "
                    + fmt(step.after()) + " after a step of lr " + fmt(step.rate()) + ", and no larger step (up to"
                    + " 1024x) lowered it either (gradient norm " + fmt(step.gradientNorm()) + ", sample shape "
                    + built.sampleShape + ")");
        });
    }

    static Outcome saveLoad(ModelArchitecture architecture) throws Exception {
        return onFirstAcceptedShape(architecture, (built, store, manager) -> {
            NDArray original = built.block.forward(store, built.input, false).singletonOrThrow();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                built.block.saveParameters(out);
            }
            Block fresh = architecture.build(built.sampleShape, 0);
            fresh.initialize(manager, DataType.FLOAT32, built.input.get(0).getShape(), built.input.get(1).getShape());
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                fresh.loadParameters(manager, in);
            }
            NDArray reloaded = fresh.forward(new ParameterStore(manager, false), built.input, false).singletonOrThrow();
            double difference = original.sub(reloaded).abs().max().toType(DataType.FLOAT64, false).getDouble();
            if (difference != 0) {
                return Outcome.failed("after save and load the outputs differ by " + fmt(difference) + " (max abs)");
            }
            return Outcome.passed(bytes.size() + " bytes of parameters; identical outputs after loading");
        });
    }

    /**
     * A network built for {@link #CLASSES} classes gets the same input in every row with labels 0, 1, 2 and none: the
     * four outputs must differ. A network that zero-initialises its label path (as adaLN-zero does) may give equal
     * outputs at first, so then one gradient step toward targets that depend on the label is taken first.
     */
    static Outcome classLabels(ModelArchitecture architecture) {
        Outcome skip = gpuSkip(architecture);
        if (skip != null) {
            return skip;
        }
        List<String> rejected = new ArrayList<>();
        for (Shape shape : SHAPES) {
            Block block = buildOrReject(architecture, shape, CLASSES, rejected);
            if (block == null) {
                continue;
            }
            try (BlockNetwork network = BlockNetwork.initialize(block, shape, CLASSES, 1, BATCH)) {
                return labelsChangeOutput(network, shape);
            }
        }
        return Outcome.skipped("takes no class labels for any sample shape: " + String.join(", ", rejected));
    }

    private static Outcome labelsChangeOutput(BlockNetwork network, Shape shape) {
        try (NDManager manager = network.manager().newSubManager()) {
            NDArray x = new Rng(29).normal(manager, new Shape(1).addAll(shape), DataType.FLOAT32).repeat(0, BATCH);
            NDArray noise = manager.full(new Shape(BATCH), 0.3f);
            Condition labels = Condition.labels(LABELS);
            NDArray out = network.forward(x, noise, labels, false);
            if (!out.getShape().equals(x.getShape())) {
                return Outcome.failed("with labels " + labels + " the output for input shape " + x.getShape()
                        + " has shape " + out.getShape());
            }
            if (out.isNaN().any().getBoolean() || out.isInfinite().any().getBoolean()) {
                return Outcome.failed("with labels " + labels + " the output is not finite");
            }
            List<String> identical = identicalRows(out);
            if (identical.isEmpty()) {
                return Outcome.passed("labels 0, 1, 2 and no label give four different outputs for the same input at"
                        + " initialisation (sample shape " + shape + ")");
            }
            float[] targets = new float[Math.toIntExact(x.getShape().size())];
            int perRow = targets.length / BATCH;
            for (int i = 0; i < targets.length; i++) {
                targets[i] = LABELS[i / perRow] + 1;   // 1, 2, 3 for the classes, 0 for no label
            }
            NDArray target = manager.create(targets, x.getShape());
            List<NDArray> weights = new ArrayList<>(network.parameters().values());
            weights.forEach(w -> w.setRequiresGradient(true));
            GradientStep.take(weights, () -> network.forward(x, noise, labels, true).sub(target).square().mean(),
                    () -> network.forward(x, noise, labels, false).sub(target).square().mean()
                            .toType(DataType.FLOAT64, false).getDouble());
            List<String> stillIdentical = identicalRows(network.forward(x, noise, labels, false));
            if (stillIdentical.isEmpty()) {
                return Outcome.passed("outputs for " + String.join(", ", identical) + " are identical at"
                        + " initialisation and differ after one gradient step toward label-dependent targets (sample"
                        + " shape " + shape + ")");
            }
            return Outcome.failed("the label does not change the output: for the same input, " + String.join(", ",
                    stillIdentical) + " give identical outputs, even after a gradient step toward targets that depend"
                    + " on the label (sample shape " + shape + ")");
        }
    }

    /** The pairs among the first four rows (labels 0, 1, 2, none) whose outputs are identical. */
    private static List<String> identicalRows(NDArray out) {
        String[] names = {"label 0", "label 1", "label 2", "no label"};
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            for (int j = i + 1; j < names.length; j++) {
                if (out.get(i).sub(out.get(j)).abs().max().getFloat() == 0) {
                    pairs.add(names[i] + " and " + names[j]);
                }
            }
        }
        return pairs;
    }
}
