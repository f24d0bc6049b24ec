package org.difflab.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.run.PlatformInfo;
import org.difflab.core.run.ProcessTimeline;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.SpecProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code difflab} command. Exit codes: 0 success, 2 bad input (spec, override, file, argument, plugin
 * choice), 1 a run that failed.
 */
@Command(name = "difflab", mixinStandardHelpOptions = true, versionProvider = Difflab.Version.class,
        description = "Research platform for diffusion and flow-matching models.",
        subcommands = {RunCommand.class, PluginsCommand.class, DescribeCommand.class, VerifyCommand.class,
                SweepCommand.class, ReportCommand.class, SweepWorkerCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Difflab {

    /** Exit code of bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code of a failed run. */
    public static final int FAILED = 1;

    @Option(names = "--plugins", paramLabel = "DIR", description = "Also load plugin jars from DIR (repeatable).")
    List<Path> pluginDirectories = new ArrayList<>();

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;

    @Option(names = "--timings", description = "Print how long each phase took (JVM start, plugin loading, spec,"
            + " engine, sampling, metrics, plots, total) to stderr at the end.")
    boolean timings;

    /** Entry point. */
    public static void main(String[] args) {
        ProcessTimeline.mainEntered();
        System.setProperty("java.awt.headless", "true");
        System.exit(executeAndFinish(args));
    }

    /** Runs the CLI, then waits for an engine that is still starting (exiting during its start can crash). */
    static int executeAndFinish(String... args) {
        int code = execute(args);
        EngineWarmup.finish();
        return code;
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Difflab());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Difflab root = commandLine.getCommandSpec().root().commandLine().getCommand();
            PrintWriter err = commandLine.getErr();
            if (e instanceof SpecException spec) {
                for (SpecProblem problem : spec.problems()) {
                    err.println("error: " + problem.format());
                }
                err.flush();
                return BAD_INPUT;
            }
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (root.verbose) {
                e.printStackTrace(err);
            } else {
                err.println("(run with --verbose for the stack trace)");
            }
            err.flush();
            return FAILED;
        });
        int code = cli.execute(args);
        Difflab root = cli.getCommand();
        if (root.timings) {
            System.err.println(ProcessTimeline.summary());
        }
        return code;
    }

    /** Opens the platform with this invocation's plugin directories. */
    PlatformSession session() {
        return new PlatformSession(pluginDirectories);
    }

    /** Prints version information. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"difflab " + PlatformInfo.version() + " (DJL " + PlatformInfo.djlVersion() + ")"};
        }
    }
}
