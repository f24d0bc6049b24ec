package org.difflab.plugins.metrics;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user-supplied TorchScript feature network (e.g. Inception-v3 exported for FID), loaded offline from a file: it is
 * given batches of samples in their data shape ([n, sample shape...], float32) and its first output, flattened per
 * sample, is the feature vector.
 */
final class FeatureNetwork implements AutoCloseable {

    /** Samples per forward pass. */
    private static final int BATCH = 256;

    private final Path file;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;

    private FeatureNetwork(Path file, Model model) {
        this.file = file;
        this.model = model;
        this.predictor = model.newPredictor(new NoopTranslator());
    }

    /**
     * Loads the TorchScript file.
     *
     * @throws IllegalArgumentException naming the file if it is not a TorchScript archive the engine can load
     */
    static FeatureNetwork load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("feature network " + file + " is not a file; give a TorchScript .pt"
                    + " file (torch.jit.script(net).save(...))");
        }
        Model model = Model.newInstance("features", Device.cpu(), "PyTorch");
        try {
            model.load(file);
            return new FeatureNetwork(file, model);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalArgumentException("cannot load feature network " + file + " as TorchScript ("
                    + e.getMessage() + "); give a file written by torch.jit.script(net).save(...) or"
                    + " torch.jit.trace(...).save(...)", e);
        }
    }

    /** The features of {@code points} (prod(sampleShape) coordinates each), [n][features]. */
    double[][] features(org.difflab.api.Points points, Shape sampleShape) {
        double[][] out = new double[points.count()][];
        int dims = Math.toIntExact(sampleShape.size());
        if (points.dims() != dims) {
            throw new IllegalArgumentException("a sample has " + points.dims() + " values; the data's shape "
                    + sampleShape + " has " + dims);
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (int start = 0; start < points.count(); start += BATCH) {
                int n = Math.min(BATCH, points.count() - start);
                float[] values = new float[n * dims];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < dims; j++) {
                        values[i * dims + j] = (float) points.get(start + i, j);
                    }
                }
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = batch.create(values, new Shape(n).addAll(sampleShape));
                    NDArray features = predictor.predict(new NDList(x)).get(0);
                    NDArray flat = features.reshape(n, -1).toType(DataType.FLOAT64, false);
                    long width = flat.getShape().get(1);
                    double[] all = flat.toDoubleArray();
                    for (int i = 0; i < n; i++) {
                        out[start + i] = java.util.Arrays.copyOfRange(all, (int) (i * width), (int) ((i + 1) * width));
                    }
                } catch (TranslateException | RuntimeException e) {
                    throw new IllegalArgumentException("feature network " + file + " failed on a batch of shape "
                            + new Shape(n).addAll(sampleShape) + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
