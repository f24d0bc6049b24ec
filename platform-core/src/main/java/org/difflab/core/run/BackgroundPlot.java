package org.difflab.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.difflab.core.plot.PlotFile;

/**
 * A plot drawn and written on its own thread while the run computes its metrics. Drawing and PNG encoding are
 * single-threaded and call no component ({@link PlotFile}), so they fill the gaps the metrics leave on the other core;
 * on a thread of its own, not the common fork-join pool, so the metrics' parallel loops keep every worker.
 */
final class BackgroundPlot {

    private final FutureTask<Double> task;

    private BackgroundPlot(FutureTask<Double> task) {
        this.task = task;
    }

    /** Starts drawing {@code plot} into {@code file}. */
    static BackgroundPlot start(PlotFile plot, Path file) {
        FutureTask<Double> task = new FutureTask<>(() -> {
            long start = System.nanoTime();
            plot.writeTo(file);
            return (System.nanoTime() - start) / 1e9;
        });
        Thread thread = new Thread(task, "difflab-plot");
        thread.setDaemon(true);
        thread.start();
        return new BackgroundPlot(task);
    }

    /**
     * Waits for the plot and returns its drawing time in seconds.
     *
     * @throws UncheckedIOException if it could not be written, or what else the drawing threw, as on the calling
     *     thread
     */
    double await() {
        try {
            return uninterruptibly();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Waits for the plot to end, ignoring how (the run has failed already). */
    void awaitQuietly() {
        try {
            uninterruptibly();
        } catch (ExecutionException e) {
            // the run's own failure is what gets reported
        }
    }

    /** The result, waiting through interrupts (the plot writes into the run directory, so it must end first). */
    private double uninterruptibly() throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
