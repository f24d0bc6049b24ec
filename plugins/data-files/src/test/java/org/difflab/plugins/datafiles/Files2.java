package org.difflab.plugins.datafiles;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writers for the test files: hand-built IDX, NumPy headers of any dtype, .npz archives. */
final class Files2 {

    private Files2() {}

    /** An IDX file: the 4-byte magic, the given big-endian dims, then the payload; gzipped if asked. */
    static Path idx(Path file, int magic, int[] dims, byte[] payload, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(payload);
        out.flush();
        byte[] content = bytes.toByteArray();
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream sink = gzip ? new GZIPOutputStream(raw) : raw) {
            sink.write(content);
        }
        return file;
    }

    /** A NumPy 1.0 file with the given dtype string, shape text (e.g. "(3, 2)") and raw little-endian payload. */
    static Path npy(Path file, String descr, boolean fortran, String shapeText, byte[] payload) throws IOException {
        String text = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shapeText + ", }";
        int padding = (64 - (10 + text.length() + 1) % 64) % 64;
        text = text + " ".repeat(padding) + "\n";
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                (byte) (text.length() & 0xff), (byte) (text.length() >> 8)});
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
        }
        return file;
    }

    /** A .npz: each map entry's file stored as entry {@code name + ".npy"}, deflated as savez_compressed does. */
    static Path npz(Path file, Map<String, Path> arrays) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, Path> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(Files.readAllBytes(e.getValue()));
                zip.closeEntry();
            }
        }
        return file;
    }
}
