package org.difflab.plugins.datafiles;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.SpecFile;
import org.pf4j.Extension;

/**
 * Training data from a NumPy array of shape [n, ...sampleShape] (a 1-D array [n] is n samples of shape [1]):
 * a .npy file, or one array of a .npz archive (numpy.savez / savez_compressed) chosen by {@code key}.
 *
 * <p>dtypes: float32 and float64 are used as stored (times {@code scale} plus {@code shift} if given); uint8
 * (image data) must be mapped, by {@code normalize: minus_one_to_one} (x/127.5 - 1), {@code standardize} or
 * an explicit {@code scale}. {@code normalize: minus_one_to_one} maps float data from their observed [min, max];
 * {@code standardize} subtracts the mean and divides by the standard deviation of all values.
 *
 * <p>With {@code labels}, an integer array of the same .npz archive gives each row its class label (one per row,
 * integers &gt;= 0; classes are 0..largest label): {@code numpy.savez("data.npz", x=images, y=labels)} with
 * {@code labels: y} (and {@code key: x}, which may be left out when the archive holds just these two arrays).
 *
 * <p>The whole array is read and checked when the component is built (header, size, dtype, finite values), so a
 * missing or malformed file is reported with the spec, before anything runs; relative paths are resolved against
 * the working directory. Values are kept in the file's precision. {@link #sample} draws rows uniformly with
 * replacement: draw k is row {@code rng.nextInt(n)}, in float64.
 */
@Extension
@Component(id = "npy", summary = "rows of a .npy array or a .npz entry ([n, ...sample shape]; float32/float64/uint8);"
        + " optional labels array")
public final class NpySource extends TableSource {

    /** Options of {@link NpySource}. */
    public record Options(
            @Param(doc = "the .npy or .npz file " + DataFiles.RELATIVE_PATHS) SpecFile path,
            @Param(doc = "the array's name inside a .npz archive (optional if it holds one array)", defaultValue = "''")
            String key,
            @Param(doc = "value mapping: none, minus_one_to_one (uint8: x/127.5 - 1; floats: [min, max] to [-1, 1])"
                    + " or standardize ((x - mean)/std)", defaultValue = "none") Normalization normalize,
            @Param(doc = "factor on every stored value (with normalize: none only)") Double scale,
            @Param(doc = "added to every value after scale (with normalize: none only)") Double shift,
            @Param(doc = "the array of class labels in the .npz archive, one integer >= 0 per row (optional;"
                    + " classes are 0..largest label)", defaultValue = "''") String labels) {

        /** Unlabelled rows. */
        public Options(SpecFile path, String key, Normalization normalize, Double scale, Double shift) {
            this(path, key, normalize, scale, shift, "");
        }

        public Options {
            if (normalize == null) {
                normalize = Normalization.NONE;
            }
            if (normalize != Normalization.NONE && (scale != null || shift != null)) {
                throw new InvalidOptionException(scale != null ? "scale" : "shift", "scale/shift apply with normalize:"
                        + " none only; normalize: " + normalize.name().toLowerCase() + " sets the mapping itself");
            }
            if (scale != null && !Double.isFinite(scale) || shift != null && !Double.isFinite(shift)) {
                throw new InvalidOptionException(scale != null && !Double.isFinite(scale) ? "scale" : "shift",
                        "scale and shift must be finite numbers");
            }
        }
    }

    private final SampleTable table;

    /**
     * Reads and checks the array.
     *
     * @throws InvalidOptionException naming the file and what was expected ({@code path}), a missing archive
     *     entry ({@code key}) or data the mapping cannot handle ({@code normalize})
     */
    public NpySource(Options options) {
        Path file = DataFiles.existingFile(options.path());
        String key = options.key() == null || options.key().isEmpty() ? null : options.key();
        String labels = options.labels() == null || options.labels().isEmpty() ? null
                : NpyArrays.entryName(options.labels());
        if (labels != null) {
            key = dataKey(file, key, labels);
        }
        NpyArrays.Loaded array = NpyArrays.read(file, key);
        long[] shape = array.shape();
        if (shape.length == 0 || shape[0] < 1) {
            throw new InvalidOptionException("path", array.source() + ": shape " + Arrays.toString(shape)
                    + " holds no samples; expected [n, ...sample shape] with n >= 1");
        }
        Shape sampleShape = shape.length == 1 ? new Shape(1) : new Shape(Arrays.copyOfRange(shape, 1, shape.length));
        SampleTable rows = array.doubles() != null ? floats(array, sampleShape, options)
                : bytes(array, sampleShape, options);
        this.table = labels == null ? rows : rows.withLabels(RowLabels.of(NpyArrays.readIntegers(file, labels,
                "labels"), rows.count(), file.getFileName() + "[" + labels + "]", "labels"));
    }

    /**
     * The data's array name beside the labels array {@code labels}: {@code key} if given, else the archive's one
     * other array.
     */
    private static String dataKey(Path file, String key, String labels) {
        String name = file.getFileName().toString();
        if (!NpyArrays.isArchive(file)) {
            throw new InvalidOptionException("labels", name + " is a single .npy array; labels names the array of"
                    + " class labels inside a .npz archive, e.g. numpy.savez('data.npz', x=data, y=labels) with"
                    + " key: x, labels: y");
        }
        List<String> arrays = NpyArrays.arrays(file);
        if (!arrays.contains(labels)) {
            throw new InvalidOptionException("labels", name + " has no array '" + labels + "'; it holds " + arrays);
        }
        if (key != null) {
            if (NpyArrays.entryName(key).equals(labels)) {
                throw new InvalidOptionException("labels", "labels and key both name '" + labels + "'; the labels"
                        + " are a separate array of the archive");
            }
            return key;
        }
        List<String> others = new ArrayList<>(arrays);
        others.remove(labels);
        if (others.size() != 1) {
            throw new InvalidOptionException("key", name + " holds " + arrays + "; give key: the"
                    + " data array (labels: " + labels + " names the labels)");
        }
        return others.get(0);
    }

    private static SampleTable floats(NpyArrays.Loaded array, Shape sampleShape, Options options) {
        double[] values = array.doubles();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                long row = i / sampleShape.size();
                throw new InvalidOptionException("path", array.source() + ": value " + v + " in row " + row
                        + "; every value must be finite");
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        double[] affine = affine(options, array.source(), min, max, sum / values.length, values);
        return SampleTable.ofDoubles(sampleShape, values, affine[0], affine[1]);
    }

    private static SampleTable bytes(NpyArrays.Loaded array, Shape sampleShape, Options options) {
        if (options.normalize() == Normalization.NONE && options.scale() == null) {
            throw new InvalidOptionException("normalize", array.source() + " holds uint8 values (0..255); map them with"
                    + " normalize: minus_one_to_one (x/127.5 - 1), standardize, or an explicit scale/shift");
        }
        byte[] values = array.unsignedBytes();
        double sum = 0;
        double[] asDoubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            asDoubles[i] = values[i] & 0xff;
            sum += asDoubles[i];
        }
        // minus_one_to_one maps uint8's full range [0, 255], not the observed one (DDPM's x/127.5 - 1).
        double[] affine = affine(options, array.source(), 0, 255, sum / values.length, asDoubles);
        return SampleTable.ofUnsignedBytes(sampleShape, values, affine[0], affine[1]);
    }

    /** {scale, shift} of the value mapping. */
    private static double[] affine(Options options, String source, double min, double max, double mean,
            double[] values) {
        switch (options.normalize()) {
            case MINUS_ONE_TO_ONE -> {
                if (!(max > min)) {
                    throw new InvalidOptionException("normalize", source + ": every value is " + min
                            + "; minus_one_to_one needs a range (max > min)");
                }
                // [min, max] -> [-1, 1]
                double scale = 2.0 / (max - min);
                return new double[] {scale, -1.0 - min * scale};
            }
            case STANDARDIZE -> {
                double squares = 0;
                for (double v : values) {
                    squares += (v - mean) * (v - mean);
                }
                double std = Math.sqrt(squares / values.length);
                if (!(std > 0)) {
                    throw new InvalidOptionException("normalize", source + ": every value is " + mean
                            + "; standardize needs a standard deviation > 0");
                }
                return new double[] {1.0 / std, -mean / std};
            }
            default -> {
                return new double[] {options.scale() != null ? options.scale() : 1.0,
                    options.shift() != null ? options.shift() : 0.0};
            }
        }
    }

    /** Number of samples in the file. */
    public int size() {
        return table.count();
    }

    @Override
    SampleTable table() {
        return table;
    }
}
