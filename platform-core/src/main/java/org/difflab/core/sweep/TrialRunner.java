package org.difflab.core.sweep;

import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.difflab.core.run.ExperimentRunner;
import org.difflab.core.run.RunDirectory;
import org.difflab.core.run.RunResult;
import org.difflab.core.spec.Experiment;

/**
 * Runs trials of a sweep in this JVM, one at a time, each as an ordinary run through {@link ExperimentRunner}
 * (so a trial whose run directory exists is skipped, and a run directory appears only when complete). A trial
 * that throws is recorded under the sweep's failures/ and reported, never propagated.
 */
public final class TrialRunner {

    private static final int LOG_TAIL = 30;

    private final ExperimentRunner runner;
    private final SweepPlan plan;
    private final Path out;
    private final IntFunction<List<String>> commandLine;
    private final PrintStream echo;

    /**
     * @param platform the platform injector
     * @param plan the expanded sweep
     * @param out results root
     * @param commandLine the command that reproduces trial k alone (recorded in run.json)
     * @param echo where each run's own log is copied (null: kept only for failure records)
     */
    public TrialRunner(Injector platform, SweepPlan plan, Path out, IntFunction<List<String>> commandLine,
            PrintStream echo) {
        this.runner = new ExperimentRunner(platform);
        this.plan = plan;
        this.out = out;
        this.commandLine = commandLine;
        this.echo = echo;
    }

    /** Runs trial {@code index} (or skips it if its run finished before). */
    public TrialOutcome run(int index) {
        SweepManifest.Trial trial = plan.manifest().trials().get(index);
        Path sweepDirectory = plan.manifest().directory(out);
        if (RunDirectory.isComplete(out, plan.manifest().experiment(), trial.runId())) {
            return TrialOutcome.skipped(index, trial.runId());
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        OutputStream sink = echo == null ? buffer : new Tee(buffer, echo);
        long start = System.nanoTime();
        try (PrintStream log = new PrintStream(sink, true, StandardCharsets.UTF_8)) {
            try {
                Experiment experiment = plan.experiment(index);
                RunResult result = runner.run(experiment, out, false, log, commandLine.apply(index));
                double seconds = (System.nanoTime() - start) / 1e9;
                if (result.skipped()) {
                    return TrialOutcome.skipped(index, trial.runId());
                }
                Failures.clear(sweepDirectory, trial.runId());
                Map<String, Double> metrics = new LinkedHashMap<>(result.evaluation().values());
                return new TrialOutcome(index, trial.runId(), TrialOutcome.Status.DONE, metrics, seconds, null);
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError | OutOfMemoryError e) {
                double seconds = (System.nanoTime() - start) / 1e9;
                String error = message(e);
                log.flush();
                Failures.record(sweepDirectory, trial, error, tail(buffer.toString(StandardCharsets.UTF_8), e));
                return TrialOutcome.failed(index, trial.runId(), seconds, error);
            }
        }
    }

    /** "ExceptionType: message" (the type only where the message alone would not say what went wrong). */
    static String message(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getName();
        }
        return e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof org.difflab.api.InvalidOptionException ? message
                : e.getClass().getSimpleName() + ": " + message;
    }

    private static List<String> tail(String log, Throwable e) {
        List<String> lines = new ArrayList<>(Arrays.asList(log.split("\n")));
        lines.removeIf(String::isBlank);
        lines.add(e.toString());
        Arrays.stream(e.getStackTrace()).limit(12).forEach(frame -> lines.add("  at " + frame));
        return lines.subList(Math.max(0, lines.size() - LOG_TAIL - 13), lines.size());
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int value) {
            try {
                a.write(value);
                b.write(value);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            try {
                a.write(bytes, offset, length);
                b.write(bytes, offset, length);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            b.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            b.flush();   // never close the echo stream (System.out)
        }
    }
}
