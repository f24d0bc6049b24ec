package org.difflab.core.cli;

import java.time.Duration;
import java.util.List;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.run.ExperimentRunner;
import org.difflab.core.run.ProcessTimeline;
import org.difflab.core.run.RunResult;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.Overrides;
import org.difflab.core.spec.SpecProvenance;
import org.difflab.core.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code difflab run SPEC}: validates a spec completely, then runs it. */
@Command(name = "run", description = "Run one experiment spec.")
final class RunCommand extends SpecCommand {

    @Option(names = "--force", description = "Run again even if this exact run has finished before (and start"
            + " training over, discarding checkpoints).")
    boolean force;

    @Option(names = "--resume", description = "Continue training from this run's newest checkpoint.")
    boolean resume;

    @Option(names = "--print", description = "Print the resolved spec, each value with where it came from (file:line,"
            + " preset, override or default), and run nothing.")
    boolean print;

    @Option(names = "--time-limit", paramLabel = "DURATION", converter = TimeLimit.Converter.class,
            description = "Stop the run if it has not finished after DURATION (e.g. 90s, 15m, 2h): a failure (exit 1)"
                    + " and nothing recorded. Default: no limit.")
    Duration timeLimit;

    @Override
    public Integer call() {
        collectOverrides();
        if (multirun) {
            return asSweep();
        }
        List<Overrides.Assignment> axes = Overrides.sweepAxes(overrides);
        if (!axes.isEmpty()) {
            Overrides.Assignment axis = axes.get(0);
            throw new SpecException(axis.where(), axis.path(), "lists " + axis.values().size() + " values, a sweep"
                    + " axis; run it with -m (difflab run -m ...) or difflab sweep, or quote the value ("
                    + axis.path() + "='...') for one text with commas");
        }
        EngineWarmup.start();   // in the background, while plugins load and the spec is checked
        long start = System.nanoTime();
        try (PlatformSession session = root.session()) {
            PluginsCommand.warnAboutFailures(session, System.err);
            long specStart = System.nanoTime();
            Experiment experiment = session.injector().getInstance(ExperimentLoader.class).load(spec, overrides);
            ProcessTimeline.since("spec", specStart);
            if (print) {
                System.out.print(SpecProvenance.print(experiment));
                System.out.println("# run id " + experiment.runId());
                return 0;
            }
            if (experiment.spec().sweep() != null) {
                System.out.println("note: the spec's sweep: block is ignored by run; use difflab sweep to run it");
            }
            checkResultsRoot(out);
            List<String> command = commandLine("run", spec, overrides);
            ExperimentRunner runner = new ExperimentRunner(session.injector());
            RunResult result;
            if (timeLimit == null) {
                result = runner.run(experiment, out, force, resume, System.out, command);
            } else {
                try (TimeLimit limit = new TimeLimit(timeLimit, "difflab-run")) {
                    result = limit.call(() -> runner.run(experiment, out, force, resume, System.out, command))
                            .orElse(null);
                    if (result == null) {
                        runner.cancel();   // a component that ignores the interrupt must still not publish
                        System.out.flush();
                        System.err.println("error: the run did not finish within --time-limit " + limit.describe()
                                + "; stopped, nothing recorded");
                        return Difflab.FAILED;
                    }
                }
            }
            if (!result.skipped()) {
                System.out.printf("results: %s (%.1f s in all)%n", result.directory(), (System.nanoTime() - start) / 1e9);
                printFiles(result.directory());
            }
            return 0;
        }
    }

    /** What each file of a run holds, for the list printed at the end. */
    private static final java.util.Map<String, String> FILES = java.util.Map.ofEntries(
            java.util.Map.entry("spec.yaml", "the resolved spec, every default filled in"),
            java.util.Map.entry("run.json", "provenance: run id inputs, components, platform, timings"),
            java.util.Map.entry("metrics.json", "metric values, with the data baseline"),
            java.util.Map.entry("complete.json", "completion record: every file's size and SHA-256"),
            java.util.Map.entry("samples.npy", "the samples (numpy.load)"),
            java.util.Map.entry("samples.png", "the samples over the data"),
            java.util.Map.entry("labels.npy", "the class of each sample"),
            java.util.Map.entry("trajectory.npy", "the state at every grid time"),
            java.util.Map.entry("denoised.npy", "each step's x0_hat"),
            java.util.Map.entry("trajectory_times.npy", "the grid"),
            java.util.Map.entry("loss.csv", "training loss per step"),
            java.util.Map.entry("loss.png", "training loss curve"),
            java.util.Map.entry("model.npz", "the trained weights (numpy.load)"),
            java.util.Map.entry("model.yaml", "how to load model.npz: architecture, parameterization"));

    /** One line per output file: its path and what it holds. */
    private static void printFiles(java.nio.file.Path directory) {
        try (var files = java.nio.file.Files.list(directory)) {
            for (java.nio.file.Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                System.out.printf("  %-56s %s%n", file + (java.nio.file.Files.isDirectory(file) ? "/" : ""),
                        FILES.getOrDefault(name, ""));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code run -m}: the same spec, overrides and results root, run by {@code difflab sweep}. */
    private int asSweep() {
        SweepCommand sweep = new SweepCommand();
        sweep.root = root;
        sweep.spec = spec;
        sweep.setOverrides = setOverrides;
        sweep.bareOverrides = bareOverrides;
        sweep.out = out;
        sweep.parallel = 1;            // the defaults picocli would give
        sweep.maxConcurrent = 16;
        sweep.image = "difflab:latest";
        sweep.claim = "difflab-results";
        return sweep.call();
    }
}
