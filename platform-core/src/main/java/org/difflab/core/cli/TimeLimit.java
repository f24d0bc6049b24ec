package org.difflab.core.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.spec.SpecException;
import picocli.CommandLine;

/**
 * Runs plugin code with a wall-clock limit: a component that never returns (a loop without end, a wait for a lock
 * never released) must not hang {@code verify} or {@code run}. The code runs on a worker thread; past the limit the
 * worker is interrupted and abandoned (Java cannot stop a thread that ignores interrupts, so it is a daemon that dies
 * with the process) and the next call gets a fresh worker.
 */
final class TimeLimit implements AutoCloseable {

    private final Duration limit;
    private final String name;
    private ExecutorService worker;

    /**
     * @param limit how long one call may take
     * @param name the worker threads' name
     */
    TimeLimit(Duration limit, String name) {
        this.limit = limit;
        this.name = name;
        this.worker = newWorker();
    }

    /** The limit, for messages: "90 s", "2 min 30 s". */
    String describe() {
        return describe(limit);
    }

    /**
     * The value of {@code body}, or empty if it did not finish in time. What it throws (an exception or an Error) is
     * rethrown as it was.
     */
    <T> Optional<T> call(Callable<T> body) {
        Future<T> future = worker.submit(() -> {
            EngineWarmup.await();   // readies this thread for computing (grad mode) as on the main thread
            return body.call();
        });
        try {
            return Optional.ofNullable(future.get(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /**
     * A duration as written on the command line or in a spec: a number with an optional unit, {@code 90}, {@code 90s},
     * {@code 15m}, {@code 2h}, {@code 1.5h} (no unit: seconds).
     *
     * @param key the option or key, for the message
     */
    static Duration parse(String text, String key) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (value.endsWith("s")) {
            value = value.substring(0, value.length() - 1);
        } else if (value.endsWith("m")) {
            unit = 60;
            value = value.substring(0, value.length() - 1);
        } else if (value.endsWith("h")) {
            unit = 3600;
            value = value.substring(0, value.length() - 1);
        }
        double seconds;
        try {
            seconds = Double.parseDouble(value.strip()) * unit;
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds > 0) || seconds > 1e9 || value.strip().isEmpty() || !value.strip().matches("[0-9.]+")) {
            throw new SpecException(key, "", "must be a positive duration such as 90s, 15m or 2h, got '" + text + "'");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static String describe(Duration limit) {
        long seconds = limit.toSeconds();
        if (seconds < 60) {
            return limit.toMillis() % 1000 == 0 ? seconds + " s" : limit.toMillis() / 1000.0 + " s";
        }
        return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }

    /** picocli converter for duration options. */
    static final class Converter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value, "time limit");
            } catch (SpecException e) {
                throw new CommandLine.TypeConversionException("must be a positive duration such as 90s, 15m or 2h,"
                        + " got '" + value + "'");
            }
        }
    }
}
