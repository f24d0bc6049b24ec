package org.difflab.plugins.datafiles;

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
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.SpecFile;
import org.pf4j.Extension;

/**
 * Images in the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header with magic number
 * 0x00000803 (unsigned bytes, 3 dimensions), then the image count n, rows H and columns W as 32-bit integers,
 * then n H W pixel bytes. The file may be gzip-compressed (detected from its content, not its name). Pixels are
 * scaled to [-1, 1] as x/127.5 - 1; the sample shape is [1, H, W].
 *
 * <p>With {@code labels}, an IDX label file (magic 0x00000801: unsigned bytes, 1 dimension; the count n, then n
 * label bytes) gives each image its class; the data have C = largest label + 1 classes (10 for MNIST and
 * Fashion-MNIST), and a draw's label is its image's.
 *
 * <p>Debian's {@code dataset-fashion-mnist} package installs the Fashion-MNIST files as
 * {@code /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz} and
 * {@code train-labels-idx1-ubyte.gz} (and {@code t10k-*} for the test set).
 *
 * <p>The files are read and checked completely when the component is built; relative paths are resolved against
 * the working directory. {@link #sample} draws images uniformly with replacement: draw k is image
 * {@code rng.nextInt(n)}, in float64.
 */
@Extension
@Component(id = "idx", summary = "MNIST-format (IDX) image file, optionally gzipped, scaled to [-1, 1], shape [1, H, W];"
        + " optional IDX label file")
public final class IdxSource extends TableSource {

    /** Options of {@link IdxSource}. */
    public record Options(
            @Param(doc = "the IDX image file, e.g. train-images-idx3-ubyte(.gz) " + DataFiles.RELATIVE_PATHS)
            SpecFile path,
            @Param(doc = "optional IDX label file, one label per image, e.g. train-labels-idx1-ubyte(.gz) "
                    + DataFiles.RELATIVE_PATHS + "; classes are 0..largest label", defaultValue = "null")
            SpecFile labels) {

        /** Unlabelled images. */
        public Options(SpecFile path) {
            this(path, null);
        }
    }

    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    static final int LABELS_MAGIC = 0x00000801;

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
            checkMagic(magic, IMAGES_MAGIC, "path", file);
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
            SampleTable images = SampleTable.ofUnsignedBytes(new Shape(1, rows, columns), pixels, 1.0 / 127.5, -1.0);
            table = options.labels() == null ? images
                    : images.withLabels(readLabels(DataFiles.existingFile("labels", options.labels()), n, file));
        } catch (IOException e) {
            throw DataFiles.invalid(file, "cannot read: " + e.getMessage());
        }
    }

    /**
     * Reads and checks an IDX label file for {@code images} images.
     *
     * @throws InvalidOptionException (key {@code labels}) naming the file and what was expected
     */
    private static RowLabels readLabels(Path file, int images, Path imageFile) {
        try (InputStream in = open(file)) {
            DataInputStream data = new DataInputStream(in);
            checkMagic(readLabelHeaderInt(data, file, "magic number"), LABELS_MAGIC, "labels", file);
            int n = readLabelHeaderInt(data, file, "label count");
            if (n != images) {
                throw DataFiles.invalid("labels", file, "holds " + n + " labels but " + imageFile.getFileName()
                        + " holds " + images + " images; expected one label per image");
            }
            byte[] bytes = data.readNBytes(n);
            if (bytes.length != n) {
                throw DataFiles.invalid("labels", file, "truncated: the header announces " + n + " labels, found "
                        + bytes.length);
            }
            if (data.read() != -1) {
                throw DataFiles.invalid("labels", file, "has data after the " + n + " labels its header announces");
            }
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = bytes[i] & 0xff;
            }
            return RowLabels.of(values, images, file.getFileName().toString(), "labels");
        } catch (IOException e) {
            throw DataFiles.invalid("labels", file, "cannot read: " + e.getMessage());
        }
    }

    private static int readLabelHeaderInt(DataInputStream data, Path file, String what) throws IOException {
        try {
            return data.readInt();
        } catch (EOFException e) {
            throw DataFiles.invalid("labels", file, "ends inside the IDX header (reading the " + what + "); expected 8"
                    + " header bytes: magic 0x00000801, then the label count");
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

    /** Rejects a file whose magic number is not {@code expected}, saying what the file is instead. */
    private static void checkMagic(int magic, int expected, String key, Path file) {
        if (magic == expected) {
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
        } else if (type == 0x08 && dims == 3) {
            what = "an IDX image file";
        } else if (type != 0x08) {
            what = "IDX data of type 0x" + String.format("%02X", type) + " (" + typeName(type) + ")";
        } else {
            what = "IDX unsigned bytes with " + dims + " dimensions";
        }
        throw DataFiles.invalid(key, file, "magic number " + found + " is " + what + "; expected "
                + (expected == IMAGES_MAGIC ? "0x00000803 (images: unsigned bytes, 3 dimensions)"
                        : "0x00000801 (labels: unsigned bytes, 1 dimension)")
                + (magic == LABELS_MAGIC ? "; give a label file as labels: beside the images' path" : ""));
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

    @Override
    SampleTable table() {
        return table;
    }
}
