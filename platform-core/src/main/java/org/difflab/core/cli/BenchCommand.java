package org.difflab.core.cli;

import java.util.concurrent.Callable;
import org.difflab.core.bench.TrainingBenchmark;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code difflab bench train}: matmul, training-step and sampling throughput on this machine. */
@Command(name = "bench", description = "Measure matmul GFLOP/s, the training step's steps/s and GFLOP/s, and"
        + " sampling throughput (samples x NFE / s).")
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    Difflab root;

    @Parameters(paramLabel = "WHAT", description = "What to measure: train.")
    String what;

    @Option(names = "--batch", defaultValue = "4096", description = "Examples per training step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--width", defaultValue = "256", description = "MLP width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "4", description = "MLP hidden layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--steps", defaultValue = "40", description = "Timed training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Override
    public Integer call() {
        if (!what.equals("train")) {
            throw new SpecException("bench", "", "unknown benchmark '" + what + "'; accepted: train"
                    + SpecBinder.suggestion(what, java.util.List.of("train")));
        }
        if (batch < 1 || width < 1 || depth < 1 || steps < 1) {
            throw new SpecException("bench", "", "--batch, --width, --depth and --steps must be positive");
        }
        try (PlatformSession session = root.session()) {
            PluginsCommand.warnAboutFailures(session, System.err);
            new TrainingBenchmark(session.injector(), System.out).run(batch, width, depth, steps);
            return 0;
        }
    }
}
