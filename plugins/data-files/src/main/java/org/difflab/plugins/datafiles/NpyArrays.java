package org.difflab.plugins.datafiles;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.io.Npy;

/**
 * Reads one array from a .npy file or a .npz archive (a zip of .npy entries, as numpy.savez and savez_compressed
 * write). Float arrays ({@code <f4}, {@code <f8}) are read by the platform's {@link Npy}; unsigned bytes
 * ({@code |u1}, image data) are read here, since {@link Npy} reads floats only. For that one dtype this class
 * looks at the header itself (dtype, order, shape): the rest of the format is {@link Npy}'s.
 */
final class NpyArrays {

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** NumPy integer dtypes: byte order, signed (i) or unsigned (u), size in bytes. */
    private static final Pattern INTEGER_DTYPE = Pattern.compile("([<>|=]?)([iu])([1248])");

    private NpyArrays() {}

    /** An array: exactly one of doubles/bytes is set; shape as stored. */
    record Loaded(double[] doubles, byte[] unsignedBytes, long[] shape, String source) {}

    /**
     * Reads {@code file}: a .npy file, or a .npz archive with {@code key} naming the entry (with or without
     * ".npy"; optional when the archive holds one array).
     *
     * @throws InvalidOptionException (key path, or key for archive entries) naming the file (and entry) and what was expected
     */
    static Loaded read(Path file, String key) {
        String name = file.getFileName().toString();
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(6);
        } catch (IOException e) {
            throw new InvalidOptionException("path", name + ": cannot read: " + e.getMessage());
        }
        if (startsWith(magic, NPY_MAGIC)) {
            if (key != null) {
                throw new InvalidOptionException("key", "key applies to .npz archives only; " + name + " is a single .npy array");
            }
            return readNpy(file, name);
        }
        if (startsWith(magic, ZIP_MAGIC)) {
            return readNpz(file, name, key);
        }
        throw new InvalidOptionException("path", name + ": neither a NumPy .npy file (\\x93NUMPY magic) nor a .npz archive (zip);"
                + " write it with numpy.save or numpy.savez");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
    }

    private static Loaded readNpz(Path file, String name, String key) {
        List<String> arrays = arrays(file);
        String wanted;
        if (key == null) {
            if (arrays.size() != 1) {
                throw new InvalidOptionException("key", name + " holds " + arrays.size() + " arrays " + arrays
                        + "; give key: one of them");
            }
            wanted = arrays.get(0);
        } else {
            wanted = entryName(key);
            if (!arrays.contains(wanted)) {
                throw new InvalidOptionException("key", name + " has no array '" + wanted + "'; it holds " + arrays);
            }
        }
        return extracted(file, wanted, extractedFile -> readNpy(extractedFile, name + "[" + wanted + "]"));
    }

    /** An archive entry's array name: {@code key} without a trailing ".npy". */
    static String entryName(String key) {
        return key.endsWith(".npy") ? key.substring(0, key.length() - 4) : key;
    }

    /** Whether {@code file} is a .npz (zip) archive rather than a single .npy array (judged by its magic bytes). */
    static boolean isArchive(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return startsWith(in.readNBytes(6), ZIP_MAGIC);
        } catch (IOException e) {
            throw new InvalidOptionException("path", file.getFileName() + ": cannot read: " + e.getMessage());
        }
    }

    /** The names of the arrays in the .npz archive {@code file} (entries ending in .npy, without it). */
    static List<String> arrays(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> arrays = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                String entry = e.nextElement().getName();
                if (entry.endsWith(".npy")) {
                    arrays.add(entry.substring(0, entry.length() - 4));
                }
            }
            return arrays;
        } catch (ZipException e) {
            throw new InvalidOptionException("path", file.getFileName() + ": not a readable .npz (zip) archive: "
                    + e.getMessage());
        } catch (IOException e) {
            throw new InvalidOptionException("path", file.getFileName() + ": cannot read: " + e.getMessage());
        }
    }

    /** Reads the archive entry {@code array}.npy of {@code file} with {@code reader}, from a temporary copy. */
    private static <T> T extracted(Path file, String array, Function<Path, T> reader) {
        String name = file.getFileName().toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(array + ".npy");
            Path dir = Files.createTempDirectory("difflab-npz");
            Path extracted = dir.resolve(array + ".npy");
            try {
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
                }
                return reader.apply(extracted);
            } finally {
                Files.deleteIfExists(extracted);
                Files.deleteIfExists(dir);
            }
        } catch (ZipException e) {
            throw new InvalidOptionException("path", name + ": not a readable .npz (zip) archive: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidOptionException("path", name + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Reads the array {@code array} of the .npz archive {@code file} as integers (class labels): any NumPy integer
     * dtype (int8 to int64, uint8 to uint64, little-endian), or float32/float64 holding whole numbers. The array
     * must be one-dimensional, [n].
     *
     * @throws InvalidOptionException (key {@code optionKey}) naming the archive and entry and what was expected
     */
    static long[] readIntegers(Path file, String array, String optionKey) {
        String source = file.getFileName() + "[" + array + "]";
        if (!arrays(file).contains(array)) {
            throw new InvalidOptionException(optionKey, file.getFileName() + " has no array '" + array + "'; it holds "
                    + arrays(file));
        }
        return extracted(file, array, extractedFile -> integers(extractedFile, source, optionKey));
    }

    private static long[] integers(Path file, String source, String optionKey) {
        Header header;
        try {
            header = header(file, source);
        } catch (InvalidOptionException e) {
            throw new InvalidOptionException(optionKey, e.getMessage());
        }
        if (header.shape.length != 1) {
            throw new InvalidOptionException(optionKey, source + ": shape " + Arrays.toString(header.shape)
                    + "; expected a one-dimensional array [n] of class labels");
        }
        int n = Math.toIntExact(header.shape[0]);
        String descr = header.descr;
        if (descr.equals("<f4") || descr.equals("<f8")) {
            double[] values = Npy.read(file).values();
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                if (values[i] != Math.rint(values[i]) || Math.abs(values[i]) > 1e15) {
                    throw new InvalidOptionException(optionKey, source + ": value " + values[i] + " of sample " + i
                            + " is not a whole number; labels are class indices 0..C-1");
                }
                out[i] = (long) values[i];
            }
            return out;
        }
        Matcher integer = INTEGER_DTYPE.matcher(descr);
        if (!integer.matches()) {
            throw new InvalidOptionException(optionKey, source + ": dtype '" + descr + "' cannot hold class labels;"
                    + " expected an integer array (e.g. int64 '<i8', uint8 '|u1')");
        }
        boolean signed = integer.group(2).equals("i");
        int size = Integer.parseInt(integer.group(3));
        if (integer.group(1).equals(">") && size > 1) {
            throw new InvalidOptionException(optionKey, source + ": big-endian dtype '" + descr + "' is not supported;"
                    + " save the labels little-endian (numpy's default)");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(header.dataOffset);
            bytes = in.readNBytes(Math.multiplyExact(n, size));
        } catch (IOException e) {
            throw new InvalidOptionException(optionKey, source + ": cannot read: " + e.getMessage());
        }
        if (bytes.length != (long) n * size) {
            throw new InvalidOptionException(optionKey, source + ": truncated; " + n + " labels of " + size
                    + " bytes need " + (long) n * size + " data bytes, found " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long value = switch (size) {
                case 1 -> signed ? buffer.get() : buffer.get() & 0xffL;
                case 2 -> signed ? buffer.getShort() : buffer.getShort() & 0xffffL;
                case 4 -> signed ? buffer.getInt() : buffer.getInt() & 0xffffffffL;
                default -> buffer.getLong();
            };
            if (!signed && size == 8 && value < 0) {
                value = Long.MAX_VALUE;   // an unsigned 64-bit value beyond long: out of any label range
            }
            out[i] = value;
        }
        return out;
    }

    /** A .npy file; {@code source} names it in messages (the archive and entry for .npz). */
    private static Loaded readNpy(Path file, String source) {
        Header header = header(file, source);
        switch (header.descr) {
            case "<f4", "<f8" -> {
                try {
                    Npy.Array array = Npy.read(file);
                    return new Loaded(array.values(), null, array.shape(), source);
                } catch (IllegalArgumentException e) {
                    // Npy names the file it read; for an archive entry that is the entry, so name the archive.
                    throw new InvalidOptionException("path", source + ": " + afterName(e.getMessage()));
                }
            }
            case "|u1", "<u1", "u1" -> {
                long count = Arrays.stream(header.shape).reduce(1, Math::multiplyExact);
                try (InputStream in = Files.newInputStream(file)) {
                    in.skipNBytes(header.dataOffset);
                    byte[] bytes = in.readNBytes(Math.toIntExact(count));
                    if (bytes.length != count) {
                        throw new InvalidOptionException("path", source + ": truncated; shape " + Arrays.toString(header.shape)
                                + " needs " + count + " data bytes, found " + bytes.length);
                    }
                    return new Loaded(null, bytes, header.shape, source);
                } catch (IOException e) {
                    throw new InvalidOptionException("path", source + ": cannot read: " + e.getMessage());
                }
            }
            default -> throw new InvalidOptionException("path", source + ": dtype '" + header.descr + "' is not supported; expected"
                    + " float32 ('<f4'), float64 ('<f8') or uint8 ('|u1', image data)");
        }
    }

    private static String afterName(String message) {
        int colon = message.indexOf(": ");
        return colon >= 0 ? message.substring(colon + 2) : message;
    }

    private record Header(String descr, long[] shape, long dataOffset) {}

    private static Header header(Path file, String source) {
        try (InputStream raw = Files.newInputStream(file)) {
            DataInputStream in = new DataInputStream(raw);
            byte[] magic = in.readNBytes(6);
            if (!Arrays.equals(magic, NPY_MAGIC)) {
                throw new InvalidOptionException("path", source + ": not a NumPy .npy array (missing the \\x93NUMPY magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long length;
            long offset;
            if (major == 1) {
                length = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
                offset = 10 + length;
            } else if (major == 2 || major == 3) {
                length = ByteBuffer.wrap(in.readNBytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
                offset = 12 + length;
            } else {
                throw new InvalidOptionException("path", source + ": unsupported .npy version " + major + " (expected 1, 2 or 3)");
            }
            String text = new String(in.readNBytes(Math.toIntExact(length)), StandardCharsets.ISO_8859_1);
            Matcher descr = DESCR.matcher(text);
            Matcher order = ORDER.matcher(text);
            Matcher shape = SHAPE.matcher(text);
            if (!descr.find() || !order.find() || !shape.find()) {
                throw new InvalidOptionException("path", source + ": malformed .npy header: " + text.trim());
            }
            if (order.group(1).equals("True")) {
                throw new InvalidOptionException("path", source + ": Fortran-ordered arrays are not supported; save a C-ordered array"
                        + " (numpy.ascontiguousarray)");
            }
            long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            return new Header(descr.group(1), dims, offset);
        } catch (IOException | NumberFormatException e) {
            throw new InvalidOptionException("path", source + ": malformed .npy header: " + e.getMessage());
        }
    }
}
