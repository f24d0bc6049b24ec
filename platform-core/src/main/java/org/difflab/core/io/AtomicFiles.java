package org.difflab.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes results so that a reader, or a run or sweep killed with SIGKILL, never sees a half-written file or
 * directory: the content goes to a hidden staging sibling, which is then renamed over the target in one atomic
 * step. Staging names are made here rather than with createTempFile/createTempDirectory, whose owner-only
 * permissions would stick to the renamed result: results on a shared file system stay readable by the group
 * (the umask's permissions apply).
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes {@code text} (UTF-8) to {@code target} atomically. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target} atomically, creating its directory if needed. */
    public static void write(Path target, byte[] bytes) {
        Path directory = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
            Path temporary = stagingPath(directory, target.getFileName().toString());
            try {
                Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                move(temporary, target);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * A fresh hidden name in {@code directory} for staging {@code name}: {@code .<name>.<pid>.<thread>.<nanos>.tmp}
     * (not created; unique per process, thread and moment).
     */
    public static Path stagingPath(Path directory, String name) {
        return directory.resolve("." + name + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + "." + System.nanoTime() + ".tmp");
    }

    /** Renames a finished temporary file over {@code target} (both in the same directory). */
    public static void move(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the results directory's file system cannot rename atomically", e);
        }
    }

    /** Writes the file only if its content differs (keeps the modification time of an identical manifest). */
    public static void writeIfChanged(Path target, String text) {
        try {
            if (Files.isRegularFile(target) && Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
                return;
            }
        } catch (IOException e) {
            // unreadable: rewrite it
        }
        writeString(target, text);
    }
}
