package org.difflab.core.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.difflab.core.bench.NumpyScript;
import org.difflab.core.bench.PytorchScript;
import org.difflab.core.bench.SamplingBenchmark;
import org.difflab.core.bench.ThreadsBenchmark;
import org.difflab.core.bench.TrainingBenchmark;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code difflab bench [WHAT...]}: this machine's figures, each next to its reference, as ratios. */
@Command(name = "bench", description = "Measure this machine's figures next to their references: exact sampling"
        + " against a numpy script (sampling), the default thread choice against one thread and one per core, idle"
        + " and under load (threads), the training step against the matmul rate and PyTorch (train).")
final class BenchCommand implements Callable<Integer> {

    private static final List<String> KNOWN = List.of("sampling", "threads", "train");

    @ParentCommand
    Difflab root;

    @Parameters(paramLabel = "WHAT", arity = "0..*", description = "What to measure: sampling, threads, train (default: all).")
    List<String> what = new ArrayList<>();

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds per figure (default: ${DEFAULT-VALUE});"
            + " each ratio is reported as min/median/max over them.")
    int rounds;

    @Option(names = "--load", defaultValue = "0", description = "threads: also measure with this many spinning"
            + " processes sharing the machine (default: ${DEFAULT-VALUE}).")
    int load;

    @Option(names = "--batch", defaultValue = "4096", description = "Examples per training step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--width", defaultValue = "256", description = "MLP width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "4", description = "MLP hidden layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--steps", description = "Timed training steps (default: 40 at batch 4096 and above, more at"
            + " smaller batches: 163,840 examples in all, so that the JIT has warmed up before the timed steps).")
    Integer steps;

    @Override
    public Integer call() {
        EngineWarmup.start();   // in the background, while plugins load and the spec is checked
        List<String> chosen = what.isEmpty() ? KNOWN : what;
        for (String item : chosen) {
            if (!KNOWN.contains(item)) {
                throw new SpecException("bench", "", "unknown benchmark '" + item + "'; accepted: "
                        + String.join(", ", KNOWN) + SpecBinder.suggestion(item, KNOWN));
            }
        }
        if (load < 0) {
            throw new SpecException("bench", "", "--load must be 0 or more, got " + load);
        }
        if (rounds < 1 || batch < 1 || width < 1 || depth < 1 || (steps != null && steps < 1)) {
            throw new SpecException("bench", "", "--rounds, --batch, --width, --depth and --steps must be positive");
        }
        try (PlatformSession session = root.session()) {
            PluginsCommand.warnAboutFailures(session, System.err);
            if (chosen.contains("sampling")) {
                new SamplingBenchmark(session.injector(), System.out, NumpyScript.find())
                        .run(SamplingBenchmark.DEFAULT_CASES, rounds);
            }
            if (chosen.contains("threads")) {
                new ThreadsBenchmark(session.injector(), System.out).run(rounds, load);
            }
            if (chosen.contains("train")) {
                new TrainingBenchmark(session.injector(), System.out, PytorchScript.find())
                        .run(batch, width, depth, steps != null ? steps : TrainingBenchmark.defaultSteps(batch), rounds);
            }
            return 0;
        }
    }
}
