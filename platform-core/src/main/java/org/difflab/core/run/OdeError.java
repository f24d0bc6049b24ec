package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.difflab.api.ClosedFormData;
import org.difflab.api.ForwardProcess;
import org.difflab.api.io.Npy;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.spec.SpecWriter;
import org.difflab.tck.oracle.ReferenceFlow;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sampler's error against the exact probability-flow ODE: for the first {@code count} samples, the RMS
 * (per coordinate) distance between the solver's endpoint and the exact endpoint of the same initial noise,
 * integrated by {@link ReferenceFlow} to ~1e-9. This is EDM Figure 2's measure with the training error removed.
 *
 * <p>The exact endpoints depend only on the data, the initial draws and the starting noise level (all affine
 * paths share one ODE in EDM's coordinates), not on the solver, process or grid, so they are cached under
 * {@code <out>/.cache/} and shared by every trial of a sweep that starts from the same level.
 */
public final class OdeError {

    /** Max-abs change at which the reference integration is accepted (data units). */
    static final double TOLERANCE = 1e-9;

    private OdeError() {}

    /**
     * @param samples solver endpoints, flattened, at least count * dims values
     * @param initialNoise the standard-normal draws the samples started from
     * @param dataKey identifies the data distribution (its resolved spec), for the cache
     */
    public static double rms(NDManager manager, ClosedFormData data, String dataKey, ForwardProcess process,
            double[] times, double[] samples, double[] initialNoise, int count, Path cacheDirectory) {
        int dims = data.dims();
        double[] exact = exactEndpoints(manager, data, dataKey, process, times, initialNoise, count, cacheDirectory);
        double sum = 0;
        for (int i = 0; i < count * dims; i++) {
            double diff = samples[i] - exact[i];
            sum += diff * diff;
        }
        return Math.sqrt(sum / (count * dims));
    }

    /**
     * The exact endpoints at times[last] of the flows starting from x_t0 = sigma(t0) z, z the first count rows of
     * {@code initialNoise}, in the process's coordinates; cached under {@code cacheDirectory}.
     */
    public static double[] exactEndpoints(NDManager manager, ClosedFormData data, String dataKey,
            ForwardProcess process, double[] times, double[] initialNoise, int count, Path cacheDirectory) {
        int dims = data.dims();
        double startLevel = process.noiseLevel(times[0]);
        double endLevel = process.noiseLevel(times[times.length - 1]);
        double[] z = Arrays.copyOf(initialNoise, count * dims);
        double endAlpha = process.alpha(times[times.length - 1]);
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        key.put("data", dataKey);
        if (Double.isFinite(startLevel)) {
            key.put("start_level", startLevel);
        } else {
            key.put("start_level", "infinity");   // JSON has no infinite number
        }
        key.put("end_level", endLevel);
        key.put("tolerance", TOLERANCE);
        key.put("noise", Arrays.hashCode(z));
        key.put("count", count);
        Path cache = cacheDirectory.resolve("ode-reference-" + SpecWriter.contentId(key) + ".npy");
        double[] scaledBack;   // endpoints in EDM coordinates x~ = x / alpha
        if (Files.isRegularFile(cache)) {
            scaledBack = Npy.read(cache).values();
        } else {
            try (NDManager scope = manager.newSubManager()) {
                // the samples started at x = sigma(t0) z, i.e. x~ = level(t0) z in EDM coordinates (z itself where
                // the level is infinite, as for rectified flow at t = 1)
                NDArray end = ReferenceFlow.fromNoise(data, startLevel, endLevel, scope.create(z, new Shape(count, dims)),
                        TOLERANCE);
                scaledBack = end.toType(DataType.FLOAT64, false).toDoubleArray();
            }
            write(cache, scaledBack, count, dims);
        }
        return Arrays.stream(scaledBack).map(v -> v * endAlpha).toArray();
    }

    private static void write(Path cache, double[] values, int count, int dims) {
        try {
            Files.createDirectories(cache.getParent());
            Path staging = AtomicFiles.stagingPath(cache.getParent(), cache.getFileName().toString());
            Npy.write(staging, values, new long[] {count, dims}, false);
            AtomicFiles.move(staging, cache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ODE reference cache " + cache, e);
        }
    }
}
