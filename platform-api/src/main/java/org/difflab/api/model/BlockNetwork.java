package org.difflab.api.model;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Network} that is an initialised DJL block in float32, as a {@link org.difflab.api.ModelArchitecture}
 * builds it. A class-conditional block gets its labels as a third int32 input in which "no label" is the value
 * {@code classes} (the null class).
 */
public final class BlockNetwork implements Network, AutoCloseable {

    private final NDManager manager;
    private final Block block;
    private final int classes;
    private final ParameterStore parameterStore;

    private BlockNetwork(NDManager manager, Block block, int classes) {
        this.manager = manager;
        this.block = block;
        this.classes = classes;
        this.parameterStore = new ParameterStore(manager, false);
    }

    /**
     * Initialises {@code block} with weights drawn from the engine's generator seeded with {@code seed}, so the same
     * seed gives the same weights.
     *
     * @param batch the batch size the block is initialised for (shapes only)
     */
    public static BlockNetwork initialize(Block block, Shape sampleShape, int classes, int seed, int batch) {
        Engine.getInstance().setRandomSeed(seed);
        NDManager manager = NDManager.newBaseManager();
        Shape examples = new Shape(batch);
        if (classes > 0) {
            block.initialize(manager, DataType.FLOAT32, examples.addAll(sampleShape), examples, examples);
        } else {
            block.initialize(manager, DataType.FLOAT32, examples.addAll(sampleShape), examples);
        }
        return new BlockNetwork(manager, block, classes);
    }

    @Override
    public NDArray forward(NDArray input, NDArray noiseInput, Condition condition, boolean training) {
        NDList inputs = new NDList(input, noiseInput);
        if (classes > 0) {
            inputs.add(labels(input.getManager(), condition, input.getShape().get(0)));
        } else if (!condition.isNone()) {
            throw new IllegalArgumentException("this network is unconditional but was given " + condition);
        }
        return block.forward(parameterStore, inputs, training).singletonOrThrow();
    }

    /** The labels as the block's int32 input: each label, or {@code classes} where a sample has none. */
    private NDArray labels(NDManager on, Condition condition, long batch) {
        int[] values = new int[Math.toIntExact(batch)];
        if (condition instanceof Condition.ClassLabels labelled) {
            if (labelled.size() != values.length) {
                throw new IllegalArgumentException(labelled.size() + " labels for a batch of " + batch);
            }
            for (int i = 0; i < values.length; i++) {
                int label = labelled.label(i);
                if (label >= classes) {
                    throw new IllegalArgumentException("label " + label + " is outside this network's " + classes
                            + " classes");
                }
                values[i] = label == Condition.NO_LABEL ? classes : label;
            }
        } else {
            java.util.Arrays.fill(values, classes);
        }
        return on.create(values);
    }

    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            out.put(entry.getKey(), entry.getValue().getArray());
        }
        return out;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
