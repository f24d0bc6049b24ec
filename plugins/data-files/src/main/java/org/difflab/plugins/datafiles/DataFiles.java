package org.difflab.plugins.datafiles;

import java.nio.file.Files;
import java.nio.file.Path;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.SpecFile;

/** Resolving the {@code path} option and reporting bad files against it. */
final class DataFiles {

    /** How the platform resolves a relative path option, for the options' docs. */
    static final String RELATIVE_PATHS = "(a relative path: to the spec's folder, or to the working directory when"
            + " given with --set)";

    private DataFiles() {}

    /**
     * The option's path (resolved by the platform); it must be a readable file.
     *
     * @throws InvalidOptionException (key {@code path}) naming the file when it is missing or not a file
     */
    static Path existingFile(SpecFile path) {
        return existingFile("path", path);
    }

    /** As {@link #existingFile(SpecFile)}, for the file option {@code key}. */
    static Path existingFile(String key, SpecFile path) {
        Path file = resolve(key, path);
        if (!Files.exists(file)) {
            throw invalid(key, file, "file not found (looked for " + file + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw invalid(key, file, "not a regular file (" + file + "); expected a data file");
        }
        if (!Files.isReadable(file)) {
            throw invalid(key, file, "not readable (" + file + ")");
        }
        return file;
    }

    /** The option's path as a directory that must exist. */
    static Path existingDirectory(SpecFile path) {
        Path dir = resolve(path);
        if (!Files.isDirectory(dir)) {
            throw invalid(dir, (Files.exists(dir) ? "not a directory" : "directory not found") + " (looked for "
                    + dir + "); expected a folder of .png images");
        }
        return dir;
    }

    static Path resolve(SpecFile path) {
        return resolve("path", path);
    }

    private static Path resolve(String key, SpecFile path) {
        if (path == null || path.spelling().isBlank()) {
            throw new InvalidOptionException(key, key + " is empty; give the file's path");
        }
        return path.path();
    }

    /** An error against {@code path}, its message starting with the file's name. */
    static InvalidOptionException invalid(Path file, String what) {
        return invalid("path", file, what);
    }

    /** An error against the file option {@code key}, its message starting with the file's name. */
    static InvalidOptionException invalid(String key, Path file, String what) {
        return new InvalidOptionException(key, file.getFileName() + ": " + what);
    }
}
