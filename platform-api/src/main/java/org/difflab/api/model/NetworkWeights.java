package org.difflab.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named arrays as a NumPy {@code .npz} (one array per name, {@code numpy.load} reads it): how the platform saves
 * weights ({@code model.npz}) and checkpoint state.
 */
public final class NetworkWeights {

    private NetworkWeights() {}

    /** Writes {@code arrays} to {@code file} through a hidden sibling renamed into place, so it is never half-written. */
    public static void write(Path file, Map<String, NDArray> arrays) throws IOException {
        NDList list = new NDList();
        arrays.forEach((name, array) -> {
            NDArray copy = array.stopGradient();
            copy.setName(name);
            list.add(copy);
        });
        Path absolute = file.toAbsolutePath();
        Path staging = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid()
                + "." + Thread.currentThread().getId() + "." + System.nanoTime() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(staging, StandardOpenOption.CREATE_NEW)) {
                list.encode(out, NDList.Encoding.NPZ);
            }
            Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staging);
            list.close();
        }
    }

    /** Reads the named arrays of an {@code .npz} onto {@code manager}. */
    public static Map<String, NDArray> read(NDManager manager, Path file) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (NDArray array : NDList.decode(manager, in)) {
                out.put(array.getName(), array);
            }
        }
        return out;
    }

    /**
     * Overwrites {@code network}'s weights with the arrays of {@code saved} (every name and shape must match).
     *
     * @throws IllegalArgumentException naming the first mismatch
     */
    public static void load(Network network, Map<String, NDArray> saved, String source) {
        Map<String, NDArray> current = network.parameters();
        if (!saved.keySet().equals(current.keySet())) {
            throw new IllegalArgumentException(source + " holds parameters " + saved.keySet() + " but the model has "
                    + current.keySet() + "; was it trained with this model's options?");
        }
        current.forEach((name, array) -> {
            NDArray value = saved.get(name);
            if (!value.getShape().equals(array.getShape())) {
                throw new IllegalArgumentException(source + ": parameter " + name + " has shape " + value.getShape()
                        + ", the model expects " + array.getShape());
            }
            value.toType(array.getDataType(), false).copyTo(array);
        });
    }
}
