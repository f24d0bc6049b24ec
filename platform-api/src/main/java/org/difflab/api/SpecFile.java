package org.difflab.api;

import java.nio.file.Path;

/**
 * A file or directory named in a spec, as an option type: the platform resolves a relative spelling against the
 * spec's directory (or, for a value given on the command line with {@code --set}, the working directory) and
 * checks that it exists before anything runs; the component checks what it needs of it (a regular file, a
 * directory, a format). The spelling, not the resolved path, goes into the resolved spec, and the run id covers the
 * content (the SHA-256 of the file's bytes, or of every file in the directory), so run ids do not depend on where a
 * checkout lives but do change when the file does. A component should take every file it reads as a
 * {@code SpecFile} option, never as a plain string.
 *
 * @param spelling the path as written in the spec
 * @param path the resolved, absolute path
 */
public record SpecFile(String spelling, Path path) {

    /** A path resolved against the working directory (for components built in code rather than from a spec). */
    public static SpecFile of(String spelling) {
        return new SpecFile(spelling, Path.of(spelling).toAbsolutePath().normalize());
    }
}
