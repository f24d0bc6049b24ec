package org.difflab.plugins.metrics;

import ai.djl.MalformedModelException;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.difflab.api.DataSource;
import org.difflab.api.Points;
import org.difflab.api.math.Rng;

/**
 * A small classifier the platform trains on the run's labelled data, whose penultimate activations are the features
 * of {@code fd_classifier} (the FID recipe with a network that knows this data instead of ImageNet) and whose verdicts
 * give {@code class_accuracy} on data without a closed form: for images [C, H, W] two 3x3 convolutions (16 and 32
 * channels, ReLU, a 2x2 max-pool between) and global average pooling, for vectors two dense layers of 64, then a
 * dense layer of {@link #FEATURES} (ReLU): the features; a last dense layer gives the class logits. Trained with
 * softmax cross-entropy and Adam from a fixed seed on a draw from the data, so it is a deterministic function of the
 * data's content and the settings: trained networks are kept by a digest of those ({@link #key}), in memory for the
 * JVM and, given a cache directory, on disk ({@link ClassifierCache}), so the samples and the data-vs-data baseline of
 * a run, every trial of a sweep and later runs on the same data use one network, trained once.
 */
final class ClassifierFeatures {

    /** Width of the feature layer. */
    static final int FEATURES = 64;

    /**
     * What the key covers beyond the training draw and the options: the architecture and training recipe as written
     * in {@link #build} and {@link #train}. Change it with either (old cache files then no longer match).
     */
    static final String RECIPE = "classifier v1: image conv3x3(16) relu maxpool2 conv3x3(32) relu globalavgpool,"
            + " vector dense(64) relu dense(64) relu; dense(" + FEATURES + ") relu; dense(classes); softmax"
            + " cross-entropy, adam lr 1e-3, batch 128, float32";

    private static final Map<String, ClassifierFeatures> TRAINED = new ConcurrentHashMap<>();

    private final NDManager manager;
    private final Block features;
    private final Block classifier;
    private final Shape sampleShape;
    private final int classes;
    private final double trainingAccuracy;
    private final ClassifierCache.Origin origin;

    private ClassifierFeatures(NDManager manager, SequentialBlock classifier, Shape sampleShape, int classes,
            double trainingAccuracy, ClassifierCache.Origin origin) {
        this.manager = manager;
        this.classifier = classifier;
        this.features = classifier.getChildren().get(0).getValue();
        this.sampleShape = sampleShape;
        this.classes = classes;
        this.trainingAccuracy = trainingAccuracy;
        this.origin = origin;
    }

    /** The classifier of {@code data} kept in memory only (see {@link #of(DataSource, int, int, long, Path)}). */
    static ClassifierFeatures of(DataSource data, int examples, int steps, long seed) {
        return of(data, examples, steps, seed, null);
    }

    /**
     * The classifier of {@code data}, trained on {@code examples} labelled draws for {@code steps} steps of 128: the one
     * this JVM holds for the same key, else the one stored in {@code cacheDirectory} (verified), else trained now and
     * stored there (when {@code cacheDirectory} is not null).
     *
     * @throws IllegalArgumentException if the data has no labels
     */
    static ClassifierFeatures of(DataSource data, int examples, int steps, long seed, Path cacheDirectory) {
        if (data.classes() < 2) {
            throw new IllegalArgumentException("a classifier needs labelled data with at least 2 classes; this data"
                    + " has " + data.classes());
        }
        try (NDManager draws = NDManager.newBaseManager()) {
            DataSource.Labelled drawn = data.sampleLabelled(draws, examples, new Rng(seed));
            float[] x = drawn.x0().toType(DataType.FLOAT32, false).toFloatArray();
            int[] labels = drawn.labels();
            Shape shape = data.sampleShape();
            int classes = data.classes();
            String key = key(x, labels, shape, classes, steps, seed);
            return TRAINED.computeIfAbsent(key, k -> {
                if (cacheDirectory == null) {
                    return train(x, labels, shape, classes, steps, seed);
                }
                ClassifierCache cache = new ClassifierCache(cacheDirectory, System.out);
                ClassifierCache.Loaded<ClassifierFeatures> loaded = cache.load(k,
                        (parameters, accuracy) -> decode(parameters, shape, classes, seed, accuracy),
                        () -> {
                            ClassifierFeatures trained = train(x, labels, shape, classes, steps, seed);
                            return new ClassifierCache.Trained<>(trained, trained.entry());
                        });
                System.out.printf("  classifier %s: %s %s%n", k.substring(0, 12),
                        loaded.origin() == ClassifierCache.Origin.LOADED ? "loaded from" : "trained and stored as",
                        cache.file(k));
                return loaded.classifier();
            });
        }
    }

    /** Forgets the classifiers held in memory (as a new JVM would start), for tests of the disk cache. */
    static void forgetInMemory() {
        TRAINED.clear();
    }

    /**
     * The content key of a classifier: SHA-256 of its training draw (pixels as float32 and labels), the data's sample
     * shape and class count, the training steps and seed, the {@link #RECIPE}, the engine's name and version and the
     * digest of this class's bytecode (so changed training code trains anew).
     */
    static String key(float[] x, int[] labels, Shape shape, int classes, int steps, long seed) {
        MessageDigest sha = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(4 * x.length + 4 * labels.length);
        for (float v : x) {
            buffer.putFloat(v);
        }
        for (int label : labels) {
            buffer.putInt(label);
        }
        sha.update(buffer.array());
        String settings = "shape " + shape + "; classes " + classes + "; examples " + labels.length + "; steps "
                + steps + "; seed " + seed + "; " + RECIPE + "; engine " + Engine.getInstance().getEngineName() + " "
                + Engine.getInstance().getVersion() + "; code " + CodeIdentity.VALUE;
        sha.update(settings.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The digest of this class's bytecode, which builds and trains the network: a changed recipe trains anew whatever
     * jar or directory the class came from (a plugin class loader's code source is not always a file).
     */
    private static final class CodeIdentity {
        static final String VALUE = compute();

        private static String compute() {
            try (java.io.InputStream in = ClassifierFeatures.class.getResourceAsStream("ClassifierFeatures.class")) {
                return in == null ? "unknown" : "class sha256 " + HexFormat.of().formatHex(
                        ClassifierCache.sha256(in.readAllBytes()));
            } catch (IOException e) {
                return "unknown";
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The untrained network (features block first, then the logits layer), initialised from {@code seed}. */
    private static SequentialBlock build(NDManager manager, Shape sampleShape, int classes, long seed, int batch) {
        SequentialBlock trunk = new SequentialBlock();
        if (sampleShape.dimension() == 3) {
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
        classifier.initialize(manager, DataType.FLOAT32, new Shape(batch).addAll(sampleShape));
        return classifier;
    }

    /** The stored network: built like a trained one, then given the stored parameters. */
    private static ClassifierFeatures decode(byte[] parameters, Shape sampleShape, int classes, long seed,
            double accuracy) throws IOException {
        NDManager manager = NDManager.newBaseManager();
        try {
            SequentialBlock classifier = build(manager, sampleShape, classes, seed, 1);
            classifier.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
            return new ClassifierFeatures(manager, classifier, sampleShape, classes, accuracy,
                    ClassifierCache.Origin.LOADED);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            manager.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** What the disk cache stores of this network. */
    private ClassifierCache.Entry entry() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            classifier.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClassifierCache.Entry(bytes.toByteArray(), trainingAccuracy);
    }

    private static ClassifierFeatures train(float[] x, int[] labels, Shape sampleShape, int classes, int steps,
            long seed) {
        int n = labels.length;
        NDManager manager = NDManager.newBaseManager();
        int batch = Math.min(128, n);
        SequentialBlock classifier = build(manager, sampleShape, classes, seed, batch);
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
                // a slice belongs to its source's manager, and so would every activation and gradient computed from
                // it: moved into the step's scope, they are freed with it (kept, they grew by megabytes per step)
                NDArray xb = allX.get(index);
                xb.attach(scope);
                NDArray yb = allLabels.get(index);
                yb.attach(scope);
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
        allX.close();
        allLabels.close();
        ClassifierFeatures trained = new ClassifierFeatures(manager, classifier, sampleShape, classes, Double.NaN,
                ClassifierCache.Origin.TRAINED);
        int dims = Math.toIntExact(sampleShape.size());
        double[] values = new double[n * dims];
        for (int i = 0; i < values.length; i++) {
            values[i] = x[i];
        }
        double[][] probabilities = trained.classProbabilities(Points.of(values, dims));
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (ClassAccuracy.argmax(probabilities[i]) == labels[i]) {
                correct++;
            }
        }
        return new ClassifierFeatures(manager, classifier, sampleShape, classes, (double) correct / n,
                ClassifierCache.Origin.TRAINED);
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters)
                .build();
    }

    /** The classifier's accuracy on its own training draw (a check that it learned the classes). */
    double trainingAccuracy() {
        return trainingAccuracy;
    }

    /** Whether this network was trained in this JVM or read from the disk cache. */
    ClassifierCache.Origin origin() {
        return origin;
    }

    /** The feature-layer activations of {@code points} (prod(sampleShape) coordinates each), [n][FEATURES]. */
    double[][] features(Points points) {
        return apply(features, points, FEATURES, false);
    }

    /** The class probabilities (softmax of the logits) of {@code points}, [n][classes]. */
    double[][] classProbabilities(Points points) {
        return apply(classifier, points, classes, true);
    }

    private synchronized double[][] apply(Block block, Points points, int width, boolean softmax) {
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
                NDArray y = block.forward(store, new NDList(x), false).singletonOrThrow();
                double[] f = (softmax ? y.softmax(1) : y).toType(DataType.FLOAT64, false).toDoubleArray();
                for (int i = 0; i < n; i++) {
                    out[start + i] = Arrays.copyOfRange(f, i * width, (i + 1) * width);
                }
            }
        }
        return out;
    }
}
