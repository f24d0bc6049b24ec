package org.difflab.plugins.modelsdjl;

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
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.function.Supplier;
import org.difflab.api.math.Rng;

/**
 * Test helpers: initialise, evaluate and train a network on a fixed batch, all seeded. Training drives DJL's
 * Adam optimizer directly rather than through a {@code Trainer}: DJL 0.35.1's {@code Trainer.step} reads the
 * first step's gradient sum with {@code getFloat()}, which throws for float64 parameters.
 */
final class Networks {

    private Networks() {}

    /** Seeds the engine (weight initialisation), builds and initialises for a batch of {@code batch}. */
    static Block initialized(Supplier<Block> build, long seed, NDManager manager, DataType type, int batch,
            Shape sampleShape) {
        Engine.getInstance().setRandomSeed((int) seed);
        Block block = build.get();
        block.initialize(manager, type, batchShape(batch, sampleShape), new Shape(batch));
        return block;
    }

    static Shape batchShape(int batch, Shape sampleShape) {
        return new Shape(batch).addAll(sampleShape);
    }

    /** Inference forward pass (training = false). */
    static NDArray forward(Block block, NDManager manager, NDArray x, NDArray cNoise) {
        return block.forward(new ParameterStore(manager, false), new NDList(x, cNoise), false).head();
    }

    /** A fixed batch: x ~ N(0, I), c_noise ~ U(-1, 1), target ~ N(0, I), from {@code rng}. */
    record Batch(NDArray x, NDArray cNoise, NDArray target) {
        static Batch draw(NDManager manager, Rng rng, int batch, Shape sampleShape, DataType type) {
            Shape shape = batchShape(batch, sampleShape);
            double[] c = new double[batch];
            for (int i = 0; i < batch; i++) {
                c[i] = 2 * rng.nextDouble() - 1;
            }
            return new Batch(rng.normal(manager, shape, type), manager.create(c).toType(type, false),
                    rng.normal(manager, shape, type));
        }
    }

    /** Mean squared error of the network on the batch, evaluated without training behaviour. */
    static double loss(Block block, NDManager manager, Batch batch) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray out = forward(block, scope, batch.x(), batch.cNoise());
            NDArray mse = out.sub(batch.target()).square().mean();
            mse.attach(scope);
            return mse.toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /** Adam with a fixed learning rate over the block's trainable parameters. */
    static final class Adam {
        private final Block block;
        private final Optimizer optimizer;

        Adam(Block block, double learningRate) {
            this.block = block;
            this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
        }

        /** One step on the batch's mean squared error. */
        void step(NDManager manager, Batch batch) {
            try (NDManager scope = manager.newSubManager()) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray out = block.forward(new ParameterStore(scope, false),
                            new NDList(batch.x(), batch.cNoise()), true).head();
                    NDArray mse = out.sub(batch.target()).square().mean();
                    out.attach(scope);
                    mse.attach(scope);
                    collector.backward(mse);
                }
                for (Pair<String, Parameter> named : block.getParameters()) {
                    Parameter p = named.getValue();
                    if (p.requiresGradient()) {
                        NDArray gradient = p.getArray().getGradient();
                        optimizer.update(p.getId(), p.getArray(), gradient);
                        gradient.subi(gradient);   // DJL accumulates gradients: clear for the next step
                    }
                }
            }
        }
    }
}
