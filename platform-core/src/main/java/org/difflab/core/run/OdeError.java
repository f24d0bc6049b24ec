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

    private static double[] exactEndpoints(NDManager manager, ClosedFormData data, String dataKey,
            ForwardProcess process, double[] times, double[] initialNoise, int count, Path cacheDirectory) {
        int dims = data.dims();
        double startLevel = process.noiseLevel(times[0]);
        double endLevel = process.noiseLevel(times[times.length - 1]);
        double[] z = Arrays.copyOf(initialNoise, count * dims);
        double endAlpha = process.alpha(times[times.length - 1]);
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        key.put("data", dataKey);
        key.put("start_level", startLevel);
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
                // EDM coordinates: x~ = sigma_edm(t0) z at the start, on the alpha = 1, sigma = level path
                NDArray start = scope.create(z, new Shape(count, dims)).mul(startLevel);
                NDArray end = ReferenceFlow.endpoint(data, new LevelPath(), startLevel, endLevel, start, TOLERANCE);
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

    /** EDM's path x~ = x0 + sigma eps with time = noise level: the coordinates every affine path shares. */
    private static final class LevelPath implements ForwardProcess {
        public double alpha(double t) { return 1; }
        public double sigma(double t) { return t; }
        public double alphaDot(double t) { return 0; }
        public double sigmaDot(double t) { return 1; }
        public double tMax() { return Double.POSITIVE_INFINITY; }
        public double samplingStart() { return 80; }
        public double samplingEnd() { return 0.002; }
    }
}
