package org.difflab.api.io;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's .npy format (version 1.0/2.0, little-endian float32/float64, C order): what researchers load with
 * {@code numpy.load}. Malformed files are rejected with a message naming the file and what was expected.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** An array read from disk: values widened to double, and the shape. */
    public record Array(double[] values, long[] shape) {}

    /** Writes values with the given shape as float64 ({@code <f8}) or float32 ({@code <f4}). */
    public static void write(Path file, double[] values, long[] shape, boolean float32) throws IOException {
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, got "
                    + values.length);
        }
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + dims.substring(0, Math.max(0, dims.length() - 2)) + ")";
        String header = "{'descr': '" + (float32 ? "<f4" : "<f8") + "', 'fortran_order': False, 'shape': "
                + shapeText + ", }";
        int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        header = header + " ".repeat(padding) + "\n";
        // the body goes out through a small buffer: a second copy of a large array could exhaust the heap
        ByteBuffer body = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(MAGIC);
            out.write(new byte[] {1, 0});
            out.write(new byte[] {(byte) (header.length() & 0xff), (byte) (header.length() >> 8)});
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            for (double v : values) {
                if (body.remaining() < 8) {
                    out.write(body.array(), 0, body.position());
                    body.clear();
                }
                if (float32) {
                    body.putFloat((float) v);
                } else {
                    body.putDouble(v);
                }
            }
            out.write(body.array(), 0, body.position());
        }
    }

    /** Reads a whole float32/float64 array. */
    public static Array read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Header header = header(file, in);
            long count = Arrays.stream(header.shape).reduce(1, (a, b) -> a * b);
            int width = header.float32 ? 4 : 8;
            byte[] bytes = in.readNBytes(Math.toIntExact(count * width));
            if (bytes.length != count * width) {
                throw new IllegalArgumentException(file.getFileName() + ": truncated; shape "
                        + Arrays.toString(header.shape) + " needs " + count * width + " data bytes, found " + bytes.length);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            double[] values = new double[(int) count];
            for (int i = 0; i < values.length; i++) {
                values[i] = header.float32 ? buffer.getFloat() : buffer.getDouble();
            }
            return new Array(values, header.shape);
        } catch (IOException e) {
            throw new IllegalArgumentException(file.getFileName() + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads only the shape (to validate a file before a run). */
    public static long[] readShape(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return header(file, in).shape;
        } catch (IOException e) {
            throw new IllegalArgumentException(file.getFileName() + ": cannot read: " + e.getMessage(), e);
        }
    }

    private record Header(boolean float32, long[] shape) {}

    private static Header header(Path file, InputStream in) throws IOException {
        String name = file.getFileName().toString();
        DataInputStream data = new DataInputStream(in);
        byte[] magic = data.readNBytes(6);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException(name + ": not a NumPy .npy file (missing the \\x93NUMPY magic);"
                    + " write it with numpy.save");
        }
        int major = data.readUnsignedByte();
        data.readUnsignedByte();
        int length;
        if (major == 1) {
            length = data.readUnsignedByte() | (data.readUnsignedByte() << 8);
        } else if (major == 2 || major == 3) {
            byte[] four = data.readNBytes(4);
            length = ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new IllegalArgumentException(name + ": unsupported .npy version " + major + " (expected 1, 2 or 3)");
        }
        String header = new String(data.readNBytes(length), StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shape.find()) {
            throw new IllegalArgumentException(name + ": malformed .npy header: " + header.trim());
        }
        boolean float32 = switch (descr.group(1)) {
            case "<f4" -> true;
            case "<f8" -> false;
            default -> throw new IllegalArgumentException(name + ": dtype '" + descr.group(1)
                    + "' is not supported; expected little-endian float32 ('<f4') or float64 ('<f8')");
        };
        if (order.group(1).equals("True")) {
            throw new IllegalArgumentException(name + ": Fortran-ordered arrays are not supported; save a C-ordered"
                    + " array (numpy.ascontiguousarray)");
        }
        long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        return new Header(float32, dims);
    }
}
