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
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.io.ExclusiveLock;
import org.difflab.core.io.FileTrees;
import org.difflab.core.io.FileDigests;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run's results directory, written atomically: files go to a hidden temporary sibling that is renamed to
 * {@code <out>/<experiment>/<run-id>} only when complete. A crashed or killed run leaves no partial directory under
 * the final name. Before the rename the run's completion record ({@value #COMPLETION}: every file with its size and
 * SHA-256) is written; a run counts as finished only when its directory holds that record and every file it lists, at
 * its recorded size. Anything else at the run's path (an empty directory, a copy interrupted half-way) is incomplete
 * and is run again.
 *
 * <p>Only one process (and one thread) at a time works on a run id in a results root: {@link #lock} takes a file lock
 * ({@code <out>/.locks/<experiment>.<run-id>.lock}) that the operating system releases when its process dies, so a second run
 * of the same spec waits for the first, then finds it finished, instead of deleting its staging directory.
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

    /** The completion record's file name. */
    public static final String COMPLETION = "complete.json";

    /** Whether the run has finished before: its completion record and every file it lists are there. */
    public static boolean isComplete(Path out, String experiment, String runId) {
        return Files.isDirectory(finalPath(out, experiment, runId)) && incompleteness(out, experiment, runId) == null;
    }

    /**
     * Why a directory at the run's path is not a finished run ("it has no complete.json", "samples.npy has 10 bytes,
     * its completion record says 800"), or null if it is one or there is none.
     */
    public static String incompleteness(Path out, String experiment, String runId) {
        return incompleteness(finalPath(out, experiment, runId));
    }

    private static String incompleteness(Path directory) {
        if (!Files.isDirectory(directory)) {
            return null;
        }
        Path record = directory.resolve(COMPLETION);
        if (!Files.isRegularFile(record)) {
            return "it has no " + COMPLETION + " (an interrupted copy, or a directory made by hand)";
        }
        JsonNode files;
        try {
            files = JsonMapper.builder().build().readTree(record.toFile()).get("files");
        } catch (RuntimeException e) {
            return "its " + COMPLETION + " cannot be read: " + e.getMessage();
        }
        if (files == null || !files.isObject()) {
            return "its " + COMPLETION + " lists no files";
        }
        for (Map.Entry<String, JsonNode> entry : files.properties()) {
            Path file = directory.resolve(entry.getKey()).normalize();
            long recorded = entry.getValue().path("bytes").asLong(-1);
            try {
                if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
                    return entry.getKey() + " is missing";
                }
                long size = Files.size(file);
                if (size != recorded) {
                    return entry.getKey() + " has " + size + " bytes, its completion record says " + recorded;
                }
            } catch (IOException e) {
                return entry.getKey() + " cannot be read: " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * Takes the run id's lock in {@code out}, waiting while another process or thread holds it (after saying so on
     * {@code log}). Close the returned handle to release it.
     */
    public static AutoCloseable lock(Path out, String experiment, String runId, PrintStream log) {
        // under <out>/.locks rather than next to the run, so that a failed run leaves no experiment directory behind
        return ExclusiveLock.hold(out.resolve(".locks").resolve(experiment + "." + runId + ".lock"),
                "run " + runId + " of " + experiment, log);
    }

    /**
     * Makes sure {@code out} can hold results: not empty, not a file, creatable and writable. Throws an
     * {@link IllegalArgumentException} saying why not.
     */
    public static void checkResultsRoot(Path out) {
        if (out.toString().isBlank()) {
            throw new IllegalArgumentException("an empty path is not a results directory; give one (default: results)");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("cannot use " + out + " as the results directory: it is a file");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create results directory " + out + ": " + reason(e), e);
        }
        if (!Files.isWritable(out)) {
            throw new IllegalArgumentException("cannot write into results directory " + out + ": permission denied");
        }
    }

    /** Why a file operation failed, in words ("permission denied", "a file is in the way: /x/y"). */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return "permission denied (" + denied.getFile() + ")";
        }
        if (e instanceof FileAlreadyExistsException exists) {
            return "a file is in the way: " + exists.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + " (" + fs.getFile() + ")";
        }
        return e.toString();
    }

    /**
     * Refuses a path inside the results root that a symbolic link leads out of it (a run's files would land
     * elsewhere than {@code --out} says).
     */
    private static void checkInside(Path out, Path directory) throws IOException {
        Path root = out.toRealPath();
        Path real = directory.toRealPath();
        if (!real.startsWith(root)) {
            throw new org.difflab.core.spec.SpecException("--out", "", directory + " leads out of the results directory "
                    + out + " (to " + real + ", through a symbolic link); remove the link or give another --out");
        }
    }

    /** Starts writing a run (removing leftovers of killed attempts at the same run). */
    public static RunDirectory begin(Path out, String experiment, String runId) {
        Path target = finalPath(out, experiment, runId);
        try {
            Files.createDirectories(target.getParent());
            checkInside(out, target.getParent());
            try (Stream<Path> siblings = Files.list(target.getParent())) {
                for (Path leftover : siblings.filter(p -> p.getFileName().toString().startsWith("." + runId + ".partial."))
                        .toList()) {
                    FileTrees.delete(leftover);
                }
            }
            Path staging = Files.createDirectory(AtomicFiles.stagingPath(target.getParent(), runId + ".partial"));
            return new RunDirectory(target, staging, out.resolve(".cache"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run's directory under " + out + ": " + reason(e), e);
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

    /**
     * Publishes the run under its final name and returns it: writes the completion record, replaces an incomplete
     * directory left at the final name, renames. The caller holds the run's {@link #lock}.
     */
    public Path commit() {
        try {
            writeCompletionRecord();
            if (incompleteness(target) != null) {
                FileTrees.delete(target);   // an incomplete leftover at the final name: replaced by this run
            }
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

    private void writeCompletionRecord() throws IOException {
        ObjectNode files = JsonMapper.builder().build().createObjectNode();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(staging)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : all) {
            ObjectNode entry = files.putObject(staging.relativize(file).toString().replace('\\', '/'));
            entry.put("bytes", Files.size(file));
            entry.put("sha256", FileDigests.sha256(file));
        }
        ObjectNode record = JsonMapper.builder().build().createObjectNode();
        record.set("files", files);
        Files.writeString(staging.resolve(COMPLETION), JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                .writeValueAsString(record) + "\n", StandardCharsets.UTF_8);
    }

    /** Deletes what was written (the run failed), and the experiment's directory if nothing else is in it. */
    public void abandon() {
        try {
            FileTrees.delete(staging);
            try (Stream<Path> left = Files.list(staging.getParent())) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(staging.getParent());
                }
            } catch (DirectoryNotEmptyException | java.nio.file.NoSuchFileException e) {
                // another run of the experiment wrote into it meanwhile: it stays
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
