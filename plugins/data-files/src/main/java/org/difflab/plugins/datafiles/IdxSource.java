package org.difflab.plugins.datafiles;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.SpecFile;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * Images in the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header with magic number
 * 0x00000803 (unsigned bytes, 3 dimensions), then the image count n, rows H and columns W as 32-bit integers,
 * then n H W pixel bytes. The file may be gzip-compressed (detected from its content, not its name). Pixels are
 * scaled to [-1, 1] as x/127.5 - 1; the sample shape is [1, H, W].
 *
 * <p>Debian's {@code dataset-fashion-mnist} package installs the Fashion-MNIST files as
 * {@code /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz} (and {@code t10k-images-idx3-ubyte.gz});
 * the label files ({@code *-labels-idx1-ubyte.gz}, magic 0x00000801) are rejected with a message saying so.
 *
 * <p>The file is read and checked completely when the component is built; relative paths are resolved against
 * the working directory. {@link #sample} draws images uniformly with replacement: draw k is image
 * {@code rng.nextInt(n)}, in float64.
 */
@Extension
@Component(id = "idx", summary = "MNIST-format (IDX) image file, optionally gzipped, scaled to [-1, 1], shape [1, H, W]")
public final class IdxSource implements DataSource {

    /** Options of {@link IdxSource}. */
    public record Options(
            @Param(doc = "the IDX image file, e.g. train-images-idx3-ubyte(.gz) " + DataFiles.RELATIVE_PATHS)
            SpecFile path) {}

    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    static final int IMAGES_MAGIC = 0x00000803;

    private final SampleTable table;

    /**
     * Reads and checks the file.
     *
     * @throws InvalidOptionException (key {@code path}) naming the file and what was expected
     */
    public IdxSource(Options options) {
        Path file = DataFiles.existingFile(options.path());
        try (InputStream in = open(file)) {
            DataInputStream data = new DataInputStream(in);
            int magic = readHeaderInt(data, file, "magic number");
            checkMagic(magic, file);
            int n = readHeaderInt(data, file, "image count");
            int rows = readHeaderInt(data, file, "row count");
            int columns = readHeaderInt(data, file, "column count");
            if (n < 1 || rows < 1 || columns < 1) {
                throw DataFiles.invalid(file, "header gives " + n + " images of " + rows + "x" + columns
                        + "; expected at least one image of positive size");
            }
            long expected = (long) n * rows * columns;
            if (expected > Integer.MAX_VALUE - 8) {
                throw DataFiles.invalid(file, n + " images of " + rows + "x" + columns + " are too many to hold");
            }
            byte[] pixels = data.readNBytes((int) expected);
            if (pixels.length != expected) {
                throw DataFiles.invalid(file, "truncated: the header announces " + n + " images of " + rows + "x"
                        + columns + " = " + expected + " pixel bytes, found " + pixels.length);
            }
            if (data.read() != -1) {
                throw DataFiles.invalid(file, "has data after the " + n + " images of " + rows + "x" + columns
                        + " its header announces; expected exactly " + expected + " pixel bytes");
            }
            // x/127.5 - 1 maps 0..255 onto [-1, 1] (DDPM's image scaling).
            table = SampleTable.ofUnsignedBytes(new Shape(1, rows, columns), pixels, 1.0 / 127.5, -1.0);
        } catch (IOException e) {
            throw DataFiles.invalid(file, "cannot read: " + e.getMessage());
        }
    }

    /** The file's stream, through gzip if it starts with the gzip magic bytes 1f 8b. */
    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    private static int readHeaderInt(DataInputStream data, Path file, String what) throws IOException {
        try {
            return data.readInt();
        } catch (EOFException e) {
            throw DataFiles.invalid(file, "ends inside the IDX header (reading the " + what + "); expected 16 header"
                    + " bytes: magic 0x00000803, then image count, rows and columns");
        }
    }

    private static void checkMagic(int magic, Path file) {
        if (magic == IMAGES_MAGIC) {
            return;
        }
        String found = String.format("0x%08X", magic);
        int zero = magic >>> 16;
        int type = (magic >>> 8) & 0xff;
        int dims = magic & 0xff;
        String what;
        if (zero != 0) {
            what = "not an IDX file";
        } else if (type == 0x08 && dims == 1) {
            what = "an IDX label file";
        } else if (type != 0x08) {
            what = "IDX data of type 0x" + String.format("%02X", type) + " (" + typeName(type) + ")";
        } else {
            what = "IDX unsigned bytes with " + dims + " dimensions";
        }
        throw DataFiles.invalid(file, "magic number " + found + " is " + what
                + "; expected 0x00000803 (images: unsigned bytes, 3 dimensions)");
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed bytes";
            case 0x0B -> "shorts";
            case 0x0C -> "ints";
            case 0x0D -> "floats";
            case 0x0E -> "doubles";
            default -> "unknown type";
        };
    }

    /** Number of images in the file. */
    public int size() {
        return table.count();
    }

    /** The loaded values (for tests). */
    SampleTable table() {
        return table;
    }

    @Override
    public Shape sampleShape() {
        return table.sampleShape();
    }

    @Override
    public NDArray sample(NDManager manager, int n, Rng rng) {
        return table.draw(manager, n, rng);
    }
}
