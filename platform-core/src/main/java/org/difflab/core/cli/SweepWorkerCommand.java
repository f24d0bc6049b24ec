package org.difflab.core.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.sweep.SweepPlan;
import org.difflab.core.sweep.TrialRunner;
import org.difflab.core.sweep.WorkerCommandLine;
import org.difflab.core.sweep.WorkerProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The hidden worker behind {@code sweep --parallel N}: loads the plugins and the sweep once, then runs the
 * trials its parent sends over stdin (see {@link WorkerProtocol}). Run logs go to stderr; stdout carries only
 * protocol messages.
 */
@Command(name = WorkerCommandLine.COMMAND, hidden = true, description = "Internal: a worker JVM of difflab sweep.")
final class SweepWorkerCommand implements Callable<Integer> {

    @ParentCommand
    Difflab root;

    @Parameters(paramLabel = "SPEC")
    Path spec;

    @Option(names = "--set")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", required = true)
    Path out;

    @Option(names = "--sweep-id", required = true)
    String sweepId;

    @Option(names = "--parent-pid", defaultValue = "0")
    long parentPid;

    @Option(names = "--display-spec")
    Path displaySpec;

    @Option(names = "--display-out")
    Path displayOut;

    @Override
    public Integer call() throws Exception {
        WorkerProtocol.watchParent(parentPid);   // also while starting: a killed parent must not leave us running
        EngineWarmup.start();   // in the background, while plugins load and the spec is checked
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);   // stray prints of plugins must not corrupt the protocol
        double jvm = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        long start = System.nanoTime();
        try (PlatformSession session = root.session()) {
            double plugins = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            SweepPlan plan = SweepCommand.plan(session, spec, overrides, sweepId, out);
            double expansion = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            EngineWarmup.await();   // started at launch, in parallel with the above
            double engine = (System.nanoTime() - start) / 1e9;
            Path shownSpec = displaySpec == null ? spec : displaySpec;
            Path shownOut = displayOut == null ? out : displayOut;
            TrialRunner runner = new TrialRunner(session.injector(), plan, out,
                    k -> SweepCommand.trialCommand(shownSpec, overrides, shownOut, k), System.err);
            String timings = String.format(java.util.Locale.ROOT, "jvm_start=%.2f plugins=%.2f expansion=%.2f"
                    + " engine_wait=%.2f", jvm, plugins, expansion, engine);
            WorkerProtocol.serve(runner, plan.manifest().sweepId() + " " + timings, System.in, protocol, parentPid);
            return 0;
        }
    }
}
