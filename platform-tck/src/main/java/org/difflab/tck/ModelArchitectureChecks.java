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
import ai.djl.training.GradientCollector;
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

/**
 * The contract of a {@link ModelArchitecture}: for a sample shape it accepts (a 2-D vector, or a 1x8x8 image), the
 * network's output has the input's shape; one gradient step lowers the squared error on a fixed batch; saved
 * parameters load into a freshly built network that then gives identical outputs. Networks run in float32 on the
 * default device; with {@link Capability#NEEDS_GPU} and no GPU the checks are skipped.
 */
public final class ModelArchitectureChecks {

    /** Sample shapes tried, in order: toy vectors, then small images. */
    static final List<Shape> SHAPES = List.of(new Shape(2), new Shape(1, 8, 8));
    static final int BATCH = 8;

    private ModelArchitectureChecks() {}

    /** Every check of {@code architecture}. */
    public static List<Check> of(ModelArchitecture architecture) {
        return List.of(
                new Check("model.output-shape", "output shape equals input shape for the sample shapes it accepts",
                        () -> outputShape(architecture)),
                new Check("model.training-step", "one gradient step lowers the squared error on a fixed batch",
                        () -> trainingStep(architecture)),
                new Check("model.save-load", "saved parameters load into a new network with identical outputs",
                        () -> saveLoad(architecture)));
    }

    private static Outcome gpuSkip(ModelArchitecture architecture) {
        if (architecture.capabilities().contains(Capability.NEEDS_GPU) && Engine.getInstance().getGpuCount() == 0) {
            return Outcome.skipped("NEEDS_GPU and this machine has no GPU");
        }
        return null;
    }

    /** A network initialised for the first accepted shape, with a fixed input batch. */
    private record Built(Block block, Shape sampleShape, NDList input, List<String> rejected) {}

    private static Built build(ModelArchitecture architecture, NDManager manager) {
        List<String> rejected = new ArrayList<>();
        for (Shape shape : SHAPES) {
            Block block;
            try {
                block = architecture.build(shape, 0);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                rejected.add(shape + " (" + e.getMessage() + ")");
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
            try (NDManager manager = NDManager.newBaseManager()) {
                Block block;
                try {
                    block = architecture.build(shape, 0);
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    rejected.add(shape + " (" + e.getMessage() + ")");
                    continue;
                }
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
     * One gradient-descent step lowers the squared error against a fixed random target: the gradient is taken in
     * training mode, then parameters move by -lr * gradient with lr chosen so that the first-order prediction is a
     * 1% decrease (lr = 0.01 loss / |g|^2), halved up to 10 times while the loss does not fall (curvature). A
     * network whose gradients do not reach its parameters, or point the wrong way, fails at every step size.
     */
    static Outcome trainingStep(ModelArchitecture architecture) {
        Outcome skip = gpuSkip(architecture);
        if (skip != null) {
            return skip;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Built built = build(architecture, manager);
            if (built.block == null) {
                return Outcome.skipped("accepts none of the sample shapes (see model.output-shape)");
            }
            ParameterStore store = new ParameterStore(manager, false);
            NDArray target = new Rng(23).normal(manager, built.input.get(0).getShape(), DataType.FLOAT32);
            double before = loss(built.block, store, built.input, target);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray prediction = built.block.forward(store, built.input, true).singletonOrThrow();
                collector.backward(prediction.sub(target).square().mean());
            }
            List<NDArray> weights = new ArrayList<>();
            List<NDArray> gradients = new ArrayList<>();
            List<NDArray> saved = new ArrayList<>();
            double gradientNorm2 = 0;
            for (Pair<String, Parameter> parameter : built.block.getParameters()) {
                NDArray weight = parameter.getValue().getArray();
                if (weight.hasGradient()) {
                    NDArray gradient = weight.getGradient().duplicate();
                    weights.add(weight);
                    gradients.add(gradient);
                    saved.add(weight.duplicate());
                    gradientNorm2 += gradient.square().sum().toType(DataType.FLOAT64, false).getDouble();
                }
            }
            if (weights.isEmpty() || !(gradientNorm2 > 0)) {
                return Outcome.failed("no parameter received a non-zero gradient (" + built.block.getParameters().size()
                        + " parameters, gradient norm^2 " + fmt(gradientNorm2) + ")");
            }
            double lr = 0.01 * before / gradientNorm2;
            double after = Double.NaN;
            for (int attempt = 0; attempt < 11; attempt++, lr /= 2) {
                for (int k = 0; k < weights.size(); k++) {
                    saved.get(k).copyTo(weights.get(k));
                    weights.get(k).subi(gradients.get(k).mul(lr));
                }
                after = loss(built.block, store, built.input, target);
                if (after < before) {
                    return Outcome.passed("squared error " + fmt(before) + " -> " + fmt(after) + " after one gradient"
                            + " step (lr " + fmt(lr) + ", " + weights.size() + " parameter arrays, sample shape "
                            + built.sampleShape + ")");
                }
            }
            return Outcome.failed("squared error " + fmt(before) + " does not fall along the gradient: "
                    + fmt(after) + " after a step of lr " + fmt(lr * 2) + ", and no larger step (up to 1024x) lowered it"
                    + " either (gradient norm " + fmt(Math.sqrt(gradientNorm2)) + ", sample shape " + built.sampleShape
                    + ")");
        }
    }

    static Outcome saveLoad(ModelArchitecture architecture) throws Exception {
        Outcome skip = gpuSkip(architecture);
        if (skip != null) {
            return skip;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Built built = build(architecture, manager);
            if (built.block == null) {
                return Outcome.skipped("accepts none of the sample shapes (see model.output-shape)");
            }
            ParameterStore store = new ParameterStore(manager, false);
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
        }
    }
}
