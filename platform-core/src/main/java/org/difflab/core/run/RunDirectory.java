package org.difflab.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.difflab.core.io.AtomicFiles;

/**
 * A run's results directory, written atomically: files go to a hidden temporary sibling that is renamed to
 * {@code <out>/<experiment>/<run-id>} only when complete. A finished run's directory therefore always holds
 * every file, a crashed or killed run leaves no partial directory under the final name, and "already done"
 * is just "the directory exists".
 */
public final class RunDirectory {

    private final Path target;
    private final Path staging;
    private final Path cache;

    private RunDirectory(Path target, Path staging, Path cache) {
        this.target = target;
        this.staging = staging;
        this.cache = cache;
    }

    /** The final directory of a run. */
    public static Path finalPath(Path out, String experiment, String runId) {
        return out.resolve(experiment).resolve(runId);
    }

    /** Whether the run has finished before. */
    public static boolean isComplete(Path out, String experiment, String runId) {
        return Files.isDirectory(finalPath(out, experiment, runId));
    }

    /** Starts writing a run (removing leftovers of killed attempts at the same run). */
    public static RunDirectory begin(Path out, String experiment, String runId) {
        Path target = finalPath(out, experiment, runId);
        try {
            Files.createDirectories(target.getParent());
            try (Stream<Path> siblings = Files.list(target.getParent())) {
                for (Path leftover : siblings.filter(p -> p.getFileName().toString().startsWith("." + runId + ".partial."))
                        .toList()) {
                    deleteTree(leftover);
                }
            }
            Path staging = Files.createDirectory(AtomicFiles.stagingPath(target.getParent(), runId + ".partial"));
            return new RunDirectory(target, staging, out.resolve(".cache"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create results directory under " + out, e);
        }
    }

    /** Where results shared between runs (e.g. exact ODE endpoints) are cached: {@code <out>/.cache}. */
    public Path cacheDirectory() {
        return cache;
    }

    /** A file in the run being written. */
    public Path file(String name) {
        return staging.resolve(name);
    }

    /** Writes a text file. */
    public void write(String name, String text) {
        try {
            Files.writeString(file(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes the run under its final name and returns it. */
    public Path commit() {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            abandon();   // an identical run finished concurrently; keep the first
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("the results directory's file system cannot rename atomically", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Deletes what was written (the run failed). */
    public void abandon() {
        try {
            deleteTree(staging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
