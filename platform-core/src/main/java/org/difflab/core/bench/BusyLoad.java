package org.difflab.core.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Background load for a benchmark: {@code n} shell processes spinning on one core each, started here and ended
 * (only they) when closed or when the JVM exits.
 */
final class BusyLoad implements AutoCloseable {

    private final List<Process> spinners = new ArrayList<>();
    private final Thread cleanup = new Thread(this::stop, "difflab-bench-load-cleanup");

    BusyLoad(int n) {
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            for (int i = 0; i < n; i++) {
                spinners.add(new ProcessBuilder("sh", "-c", "while :; do :; done")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start());
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the load processes", e);
        }
    }

    private void stop() {
        for (Process p : spinners) {
            p.destroyForcibly();
        }
        for (Process p : spinners) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }
}
