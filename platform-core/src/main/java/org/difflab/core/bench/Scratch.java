package org.difflab.core.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary directories of a benchmark, removed when it is done. */
final class Scratch {

    private Scratch() {}

    static Path directory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path root) {
        try {
            org.difflab.core.io.FileTrees.delete(root);
        } catch (UncheckedIOException e) {
            // a temporary directory; nothing to recover
        }
    }
}
