package org.difflab.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.difflab.core.plugin.PluginCode;
import org.difflab.core.run.EngineLogs;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.run.PlatformInfo;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.run.ProcessTimeline;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.SpecProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code difflab} command. Exit codes: 0 success (also for {@code --help} of any command), 2 bad input (spec,
 * override, file, argument, plugin choice), 1 a run that failed.
 */
@Command(name = "difflab", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Difflab.Version.class,
        description = "Research platform for diffusion and flow-matching models.",
        subcommands = {RunCommand.class, PluginsCommand.class, DescribeCommand.class, VerifyCommand.class,
                SweepCommand.class, ReportCommand.class, SweepWorkerCommand.class, BenchCommand.class,
                OptimizeScheduleCommand.class, ImportCommand.class,
                CommandLine.HelpCommand.class})
public final class Difflab {

    /** Exit code of bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code of a failed run. */
    public static final int FAILED = 1;
    /** The option that shows stack traces and the libraries' own warnings. */
    static final String VERBOSE = "--verbose";

    @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.LOCAL,
            description = "Also load plugin jars from DIR (repeatable).")
    List<Path> pluginDirectories = new ArrayList<>();

    @Option(names = VERBOSE, scope = ScopeType.INHERIT,
            description = "Print stack traces of failures, and the warnings of PyTorch, DJL and PF4J (hidden"
                    + " otherwise).")
    boolean verbose;

    @Option(names = "--timings", description = "Print how long each phase took (JVM start, plugin loading, spec,"
            + " engine, sampling, metrics, plots, total) to stderr at the end.")
    boolean timings;

    /** Entry point. */
    public static void main(String[] args) {
        ProcessTimeline.mainEntered();
        System.setProperty("java.awt.headless", "true");
        // before any logger exists and before the engine loads (its native warnings are silenced as it starts)
        EngineLogs.configure(Arrays.asList(args).contains(VERBOSE));
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
        cli.setParameterExceptionHandler(Difflab::badArguments);
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
            return failed(e, err, root.verbose);
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (LinkageError | VirtualMachineError | AssertionError e) {
            // picocli hands exceptions to the handler above but lets Errors through; from plugin code they are
            // failures like any other (ExceptionInInitializerError, NoClassDefFoundError, StackOverflowError)
            Difflab root = cli.getCommand();
            code = failed(e, cli.getErr(), root.verbose);
        }
        Difflab root = cli.getCommand();
        if (root.timings) {
            System.err.println(ProcessTimeline.summary());
        }
        return code;
    }

    /** Reports a failed command: what failed and, when it was thrown in plugin code, which plugin and where. */
    private static int failed(Throwable e, PrintWriter err, boolean verbose) {
        String message = e.getMessage() == null || e instanceof Error ? PluginCode.describe(e) : e.getMessage();
        err.println("error: " + message);
        PluginCode.whereThrown(e).filter(where -> !message.contains(where))
                .ifPresent(where -> err.println("  (thrown in " + where + ")"));
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return FAILED;
    }

    /**
     * Arguments picocli could not match: an unknown subcommand or option gets the accepted ones and the closest
     * one (the same suggestion as unknown spec keys and component ids); anything else picocli's own message.
     * Each ends with where to find the usage.
     */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        String message = e.getMessage();
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("-")).toList();
        int help = words.indexOf("help");
        if (command.getSubcommands().containsKey("help") && help >= 0 && help + 1 < words.size()
                && !command.getSubcommands().containsKey(words.get(help + 1))) {
            message = unknownCommand(words.get(help + 1), command);   // "difflab help rnu"
        } else if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            String given = unmatched.getUnmatched().get(0);
            if (given.startsWith("-")) {
                String option = given.contains("=") ? given.substring(0, given.indexOf('=')) : given;
                Set<String> accepted = new LinkedHashSet<>();
                for (OptionSpec spec : command.getCommandSpec().options()) {
                    if (!spec.hidden()) {
                        accepted.add(spec.longestName());
                    }
                }
                message = "unknown option '" + option + "' for " + name + "; accepted: " + String.join(", ", accepted)
                        + SpecBinder.suggestion(option, accepted);
            } else if (!command.getSubcommands().isEmpty()) {
                message = unknownCommand(given, command);
            } else {
                message = "unexpected argument" + (unmatched.getUnmatched().size() > 1 ? "s " : " ")
                        + String.join(" ", unmatched.getUnmatched().stream().map(a -> "'" + a + "'").toList())
                        + " for " + name;
            }
        }
        err.println("error: " + message);
        err.println("(usage: " + name + " --help)");
        err.flush();
        return BAD_INPUT;
    }

    private static String unknownCommand(String given, CommandLine parent) {
        List<String> accepted = parent.getSubcommands().values().stream()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden())
                .map(CommandLine::getCommandName).toList();
        return "unknown command '" + given + "'; accepted: " + String.join(", ", accepted)
                + SpecBinder.suggestion(given, accepted);
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
