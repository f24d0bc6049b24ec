package org.difflab.core.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes sweep-level files (manifest, failure records, summary, plots, report) so that a reader, or a sweep
 * killed with SIGKILL, never sees a half-written file: the bytes go to a hidden temporary sibling, which is
 * then renamed over the target in one atomic step.
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
            // not createTempFile: its owner-only permissions would stick to the renamed file, and results on a
            // shared file system must stay readable by the group (this keeps the umask's permissions)
            Path temporary = directory.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + Thread.currentThread().getId() + "." + System.nanoTime() + ".tmp");
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
