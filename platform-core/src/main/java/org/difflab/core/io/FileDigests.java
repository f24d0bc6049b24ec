package org.difflab.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * SHA-256 of the bytes of files and directories a run reads. Hashes are cached for the life of the process, keyed
 * by the file's path, size, modification time and file key (inode), so a sweep that validates hundreds of trials
 * naming the same data file reads it once, and a file rewritten in place is hashed again.
 *
 * <p>A directory's digest covers every regular file below it: each one's path relative to the directory and its
 * content digest, in path order. Renaming, adding, removing or changing a file changes it; touching one does not.
 */
public final class FileDigests {

    private record Stamp(Path path, long size, FileTime modified, Object fileKey) {}

    private static final Map<Stamp, String> CACHE = new ConcurrentHashMap<>();
    private static final AtomicLong BYTES_HASHED = new AtomicLong();

    private FileDigests() {}

    /** Hex SHA-256 of a file's bytes, or of a directory's files (see the class comment). */
    public static String sha256(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return directory(absolute);
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
            Stamp stamp = new Stamp(absolute, attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
            return CACHE.computeIfAbsent(stamp, s -> hash(s.path()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + absolute, e);
        }
    }

    /** Bytes read to compute digests in this process so far (cache hits read nothing). */
    public static long bytesHashed() {
        return BYTES_HASHED.get();
    }

    private static String directory(Path root) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        MessageDigest digest = sha256();
        for (Path file : files) {
            String line = root.relativize(file).toString().replace('\\', '/') + "\0" + sha256(file) + "\n";
            digest.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String hash(Path file) {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                BYTES_HASHED.addAndGet(n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
