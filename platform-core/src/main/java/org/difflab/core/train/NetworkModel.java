package org.difflab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.PathPoint;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.run.TargetModel;

/**
 * A network F from a {@link org.difflab.api.ModelArchitecture}, preconditioned: the target estimate at x_t is
 * F(inputScale(t) x_t; c_noise(t)) (EDM eq. 7's inner network). The network runs in float32 and its output is
 * returned in x's precision.
 */
public final class NetworkModel implements TargetModel, AutoCloseable {

    private final NDManager manager;
    private final Block block;
    private final Preconditioner preconditioner;
    private final ParameterStore parameterStore;

    private NetworkModel(NDManager manager, Block block, Preconditioner preconditioner) {
        this.manager = manager;
        this.block = block;
        this.preconditioner = preconditioner;
        this.parameterStore = new ParameterStore(manager, false);
    }

    /**
     * A freshly initialised network (PyTorch's generator seeded first, so the same seed gives the same weights).
     */
    public static NetworkModel initialize(Block block, Shape sampleShape, Preconditioner preconditioner, int seed,
            int batch) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(seed);
        NDManager manager = NDManager.newBaseManager();
        block.initialize(manager, DataType.FLOAT32, new Shape(batch).addAll(sampleShape), new Shape(batch));
        return new NetworkModel(manager, block, preconditioner);
    }

    /** The trainable parameters by name, in the block's order. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            out.put(entry.getKey(), entry.getValue().getArray());
        }
        return out;
    }

    /** The network output F for a prepared input and noise conditioning (training or inference). */
    NDArray forward(NDArray input, NDArray noiseInput, boolean training) {
        return block.forward(parameterStore, new NDList(input, noiseInput), training).singletonOrThrow();
    }

    /** The manager owning the weights. */
    NDManager manager() {
        return manager;
    }

    @Override
    public NDArray predict(NDArray x, PathPoint p) {
        long batch = x.getShape().get(0);
        NDArray input = x.mul(preconditioner.inputScale(p)).toType(DataType.FLOAT32, false);
        NDArray noise = x.getManager().full(new Shape(batch), (float) preconditioner.noiseInput(p));
        return forward(input, noise, false).toType(x.getDataType(), false);
    }

    /** Writes the weights as a NumPy .npz (one array per parameter name), atomically. */
    public void saveWeights(Path file) throws IOException {
        writeArrays(file, parameters());
    }

    /** Overwrites the weights with those of a .npz written by {@link #saveWeights}. */
    public void loadWeights(Path file) throws IOException {
        Map<String, NDArray> saved = readArrays(manager, file);
        Map<String, NDArray> current = parameters();
        if (!saved.keySet().equals(current.keySet())) {
            throw new IllegalArgumentException(file.getFileName() + " holds parameters " + saved.keySet()
                    + " but the model has " + current.keySet() + "; was it trained with this model's options?");
        }
        current.forEach((name, array) -> {
            NDArray value = saved.get(name);
            if (!value.getShape().equals(array.getShape())) {
                throw new IllegalArgumentException(file.getFileName() + ": parameter " + name + " has shape "
                        + value.getShape() + ", the model expects " + array.getShape());
            }
            value.toType(array.getDataType(), false).copyTo(array);
        });
    }

    /** Writes named arrays as .npz to a temporary file, then renames it into place. */
    static void writeArrays(Path file, Map<String, NDArray> arrays) throws IOException {
        NDList list = new NDList();
        arrays.forEach((name, array) -> {
            NDArray copy = array.stopGradient();
            copy.setName(name);
            list.add(copy);
        });
        Path staging = AtomicFiles.stagingPath(file.toAbsolutePath().getParent(), file.getFileName().toString());
        try (OutputStream out = Files.newOutputStream(staging, java.nio.file.StandardOpenOption.CREATE_NEW)) {
            list.encode(out, NDList.Encoding.NPZ);
        }
        AtomicFiles.move(staging, file);
        list.close();
    }

    /** Reads named arrays from an .npz. */
    static Map<String, NDArray> readArrays(NDManager manager, Path file) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (NDArray array : NDList.decode(manager, in)) {
                out.put(array.getName(), array);
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
