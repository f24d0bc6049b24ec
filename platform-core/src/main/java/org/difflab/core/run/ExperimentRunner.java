package org.difflab.core.run;

import com.google.inject.Injector;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.difflab.core.inject.RunModule;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.SpecWriter;
import org.difflab.core.train.RunContext;

/**
 * Runs a validated experiment into {@code <out>/<experiment>/<run-id>/}: skipped when that run has finished
 * before (unless forced); otherwise written to a staging directory and published atomically, or removed if
 * the run fails.
 */
public final class ExperimentRunner {

    private final Injector platform;
    private volatile boolean cancelled;

    /** A runner creating each run's wiring as a child of {@code platform}. */
    public ExperimentRunner(Injector platform) {
        this.platform = platform;
    }

    /**
     * Stops a run that is still going from being published (a run past its time limit): it is abandoned at the latest
     * just before its directory would be committed.
     */
    public void cancel() {
        cancelled = true;
    }

    /**
     * @param out results root
     * @param force re-run even if the run finished before (the old directory is replaced)
     * @param log progress output
     * @param commandLine recorded in run.json
     */
    public RunResult run(Experiment experiment, Path out, boolean force, PrintStream log, List<String> commandLine) {
        return run(experiment, out, force, false, log, commandLine);
    }

    /**
     * @param resume continue a network's training from its newest checkpoint
     */
    public RunResult run(Experiment experiment, Path out, boolean force, boolean resume, PrintStream log,
            List<String> commandLine) {
        String name = experiment.spec().experiment();
        try (AutoCloseable lock = RunDirectory.lock(out, name, experiment.runId(), log)) {
            return runLocked(experiment, out, force, resume, log, commandLine);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run, with its run id's lock held (so its staging directory and final path are this run's alone). */
    private RunResult runLocked(Experiment experiment, Path out, boolean force, boolean resume, PrintStream log,
            List<String> commandLine) {
        String name = experiment.spec().experiment();
        Path target = RunDirectory.finalPath(out, name, experiment.runId());
        if (RunDirectory.isComplete(out, name, experiment.runId()) && !force) {
            log.printf("run %s of %s already finished: %s (use --force to run it again)%n", experiment.runId(),
                    name, target);
            return new RunResult(target, true, Evaluation.none(), 0, 0);
        }
        String incomplete = RunDirectory.incompleteness(out, name, experiment.runId());
        if (incomplete != null) {
            log.printf("run %s of %s at %s is not a finished run: %s; running it again%n", experiment.runId(), name,
                    target, incomplete);
        }
        Instant started = Instant.now();
        Timings timings = new Timings();
        RunDirectory directory = RunDirectory.begin(out, name, experiment.runId());
        try {
            log.printf("difflab run %s (run %s)%n", name, experiment.runId());
            directory.write("spec.yaml", SpecWriter.yaml(experiment.resolved()));
            Path checkpoints = target.resolveSibling(experiment.runId() + ".checkpoints");
            RunContext context = new RunContext(directory, checkpoints, out, resume, force, log);
            Injector run = platform.createChildInjector(new RunModule(experiment, context));
            Map<String, Object> results = new LinkedHashMap<>();
            EngineWarmup.await();   // started at launch; readies this thread before any model is built or trained
            Map<String, IntraOpThreads.Choice> threads = new LinkedHashMap<>();
            RunResult result = unwrapped(() -> run.getInstance(RunPipeline.class)
                    .execute(directory, timings, log, results, threads));
            if (java.nio.file.Files.isDirectory(checkpoints)) {
                // a finished run keeps its checkpoints (the optimizer state, to train further) inside its directory
                moveInto(checkpoints, directory.file("checkpoints"));
            }
            result.evaluation().values().forEach(results::put);
            directory.write("run.json", SpecWriter.json(Provenance.of(experiment, started, Instant.now(), timings,
                    results, threads, commandLine)));
            if (force && RunDirectory.isComplete(out, name, experiment.runId())) {
                org.difflab.core.io.FileTrees.delete(target);
            }
            if (cancelled) {
                throw new IllegalStateException("run " + experiment.runId() + " was stopped (time limit); not recorded");
            }
            Path published = directory.commit();
            timings.asMap().forEach((phase, seconds) -> {
                if (!phase.equals("evaluation_total")) {
                    ProcessTimeline.add(phase, seconds);
                }
            });
            return new RunResult(published, false, result.evaluation(), result.nfe(), result.samplingSeconds());
        } catch (RuntimeException | Error e) {
            directory.abandon();
            throw e;
        }
    }

    /** Guice wraps what a provider throws; the CLI needs the original (bad input vs. failed run). */
    private static <T> T unwrapped(java.util.function.Supplier<T> provision) {
        try {
            return provision.get();
        } catch (com.google.inject.ProvisionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof com.google.inject.ProvisionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static void moveInto(Path from, Path to) {
        try {
            java.nio.file.Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot move checkpoints into the run directory", e);
        }
    }

}
