package org.difflab.plugins.metrics;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.difflab.api.DataSource;
import org.difflab.api.math.Rng;

/**
 * A small classifier the platform trains on the run's labelled data, whose penultimate activations are the features
 * of {@code fd_classifier} (the FID recipe with a network that knows this data instead of ImageNet): for images
 * [C, H, W] two 3x3 convolutions (16 and 32 channels, ReLU, a 2x2 max-pool between) and global average pooling, for
 * vectors two dense layers of 64, then a dense layer of {@link #FEATURES} (ReLU): the features; a last dense layer
 * gives the class logits. Trained with softmax cross-entropy and Adam from a fixed seed on a draw from the data, so it
 * is a deterministic function of the data's content; trained networks are kept in memory by the content hash of
 * their training draw and settings, so the samples and the data-vs-data baseline of a run (and every run of a sweep
 * worker) use one network.
 */
final class ClassifierFeatures {

    /** Width of the feature layer. */
    static final int FEATURES = 64;

    private static final Map<String, ClassifierFeatures> TRAINED = new ConcurrentHashMap<>();

    private final NDManager manager;
    private final Block features;
    private final Shape sampleShape;
    private final double trainingAccuracy;

    private ClassifierFeatures(NDManager manager, Block features, Shape sampleShape, double trainingAccuracy) {
        this.manager = manager;
        this.features = features;
        this.sampleShape = sampleShape;
        this.trainingAccuracy = trainingAccuracy;
    }

    /**
     * The classifier of {@code data}, trained on {@code examples} labelled draws for {@code steps} steps of 128, or
     * the one trained before on the same draw and settings.
     *
     * @throws IllegalArgumentException if the data has no labels
     */
    static ClassifierFeatures of(DataSource data, int examples, int steps, long seed) {
        if (data.classes() < 2) {
            throw new IllegalArgumentException("a classifier needs labelled data with at least 2 classes; this data"
                    + " has " + data.classes());
        }
        try (NDManager draws = NDManager.newBaseManager()) {
            DataSource.Labelled drawn = data.sampleLabelled(draws, examples, new Rng(seed));
            float[] x = drawn.x0().toType(DataType.FLOAT32, false).toFloatArray();
            int[] labels = drawn.labels();
            String key = contentKey(x, labels, data.sampleShape(), steps, seed);
            return TRAINED.computeIfAbsent(key, k -> train(x, labels, data.sampleShape(), data.classes(), steps, seed));
        }
    }

    private static String contentKey(float[] x, int[] labels, Shape shape, int steps, long seed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(4 * x.length + 4 * labels.length);
            for (float v : x) {
                buffer.putFloat(v);
            }
            for (int label : labels) {
                buffer.putInt(label);
            }
            sha.update(buffer.array());
            sha.update((shape + "/" + steps + "/" + seed).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClassifierFeatures train(float[] x, int[] labels, Shape sampleShape, int classes, int steps,
            long seed) {
        int n = labels.length;
        int dims = Math.toIntExact(sampleShape.size());
        boolean image = sampleShape.dimension() == 3;
        SequentialBlock trunk = new SequentialBlock();
        if (image) {
            trunk.add(conv(16)).add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(conv(32)).add(Activation::relu).add(Pool.globalAvgPool2dBlock());
        } else {
            trunk.add(Linear.builder().setUnits(64).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(64).build()).add(Activation::relu);
        }
        trunk.add(Linear.builder().setUnits(FEATURES).build()).add(Activation::relu);
        Block head = Linear.builder().setUnits(classes).build();
        SequentialBlock classifier = new SequentialBlock().add(trunk).add(head);

        Engine.getInstance().setRandomSeed((int) seed);
        NDManager manager = NDManager.newBaseManager();
        int batch = Math.min(128, n);
        classifier.initialize(manager, DataType.FLOAT32, new Shape(batch).addAll(sampleShape));
        ParameterStore store = new ParameterStore(manager, false);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        NDArray allX = manager.create(x, new Shape(n).addAll(sampleShape));
        NDArray allLabels = manager.create(labels).toType(DataType.FLOAT32, false);
        Rng order = new Rng(seed).split(1);
        for (int step = 0; step < steps; step++) {
            try (NDManager scope = manager.newSubManager()) {
                int[] rows = new int[batch];
                for (int i = 0; i < batch; i++) {
                    rows[i] = order.nextInt(n);
                }
                NDArray index = scope.create(rows);
                NDArray xb = allX.get(index);
                NDArray yb = allLabels.get(index);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = classifier.forward(store, new NDList(xb), true).singletonOrThrow();
                    collector.backward(loss.evaluate(new NDList(yb), new NDList(logits)));
                }
                for (Pair<String, Parameter> parameter : classifier.getParameters()) {
                    NDArray weight = parameter.getValue().getArray();
                    adam.update(parameter.getValue().getId(), weight, weight.getGradient());
                }
            }
        }
        long correct;
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = classifier.forward(store, new NDList(allX), false).singletonOrThrow();
            correct = logits.argMax(1).toType(DataType.FLOAT32, false).eq(allLabels).sum().getLong();
        }
        return new ClassifierFeatures(manager, trunk, sampleShape, (double) correct / n);
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters)
                .build();
    }

    /** The classifier's accuracy on its own training draw (a check that it learned the classes). */
    double trainingAccuracy() {
        return trainingAccuracy;
    }

    /** The feature-layer activations of {@code points} (prod(sampleShape) coordinates each), [n][FEATURES]. */
    synchronized double[][] features(org.difflab.api.Points points) {
        int dims = Math.toIntExact(sampleShape.size());
        double[][] out = new double[points.count()][];
        ParameterStore store = new ParameterStore(manager, false);
        for (int start = 0; start < points.count(); start += 512) {
            int n = Math.min(512, points.count() - start);
            float[] values = new float[n * dims];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < dims; j++) {
                    values[i * dims + j] = (float) points.get(start + i, j);
                }
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(values, new Shape(n).addAll(sampleShape));
                double[] f = features.forward(store, new NDList(x), false).singletonOrThrow()
                        .toType(DataType.FLOAT64, false).toDoubleArray();
                for (int i = 0; i < n; i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(f, i * FEATURES, (i + 1) * FEATURES);
                }
            }
        }
        return out;
    }
}
