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
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> arrays = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                String entry = e.nextElement().getName();
                if (entry.endsWith(".npy")) {
                    arrays.add(entry.substring(0, entry.length() - 4));
                }
            }
            String wanted;
            if (key == null) {
                if (arrays.size() != 1) {
                    throw new InvalidOptionException("key", name + " holds " + arrays.size() + " arrays " + arrays
                            + "; give key: one of them");
                }
                wanted = arrays.get(0);
            } else {
                wanted = key.endsWith(".npy") ? key.substring(0, key.length() - 4) : key;
                if (!arrays.contains(wanted)) {
                    throw new InvalidOptionException("key", name + " has no array '" + wanted + "'; it holds " + arrays);
                }
            }
            ZipEntry entry = zip.getEntry(wanted + ".npy");
            Path dir = Files.createTempDirectory("difflab-npz");
            Path extracted = dir.resolve(wanted + ".npy");
            try {
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
                }
                return readNpy(extracted, name + "[" + wanted + "]");
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
