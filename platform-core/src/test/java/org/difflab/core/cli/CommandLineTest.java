package org.difflab.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.difflab.core.sweep.Cli;
import org.difflab.core.sweep.SweepFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the command line prints for help and for words it does not know (issue 9, item 10). */
class CommandLineTest {

    @TempDir
    static Path plugins;

    @BeforeAll
    static void writePlugin() {
        SweepFixtures.writePluginJar(plugins);
    }

    @Test
    void helpOfEveryCommandPrintsItsUsageAndExitsZero() {
        List<String> commands = new CommandLine(new Difflab()).getSubcommands().keySet().stream().toList();
        assertThat(commands).contains("run", "sweep", "report", "plugins", "describe", "verify", "bench");
        for (String command : commands) {
            for (String help : List.of("--help", "-h")) {
                Cli.Result result = Cli.run(plugins, command, help);
                assertThat(result.exitCode()).as("difflab %s %s\n%s", command, help, result.err()).isZero();
                assertThat(result.out()).as("difflab %s %s", command, help).contains("Usage: difflab " + command + " ");
                assertThat(result.err()).isEmpty();
            }
        }
        assertThat(Cli.run(plugins, "--help").exitCode()).isZero();
    }

    @Test
    void anUnknownCommandNamesTheCommandsAndTheClosestOne() {
        Cli.Result result = Cli.run(plugins, "rnu", "spec.yaml");
        assertThat(result.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).startsWith("error: unknown command 'rnu'; accepted: run, plugins, describe, verify,"
                + " sweep, report, bench, import, help (did you mean 'run'?)\n(usage: difflab --help)");
        assertThat(result.err()).doesNotContain("sweep-worker");   // hidden

        Cli.Result help = Cli.run(plugins, "help", "sweeep");
        assertThat(help.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(help.err()).contains("unknown command 'sweeep'; accepted: run,").contains("(did you mean 'sweep'?)");
    }

    @Test
    void anUnknownOptionNamesTheCommandsOptionsAndTheClosestOne() {
        Cli.Result result = Cli.run(plugins, "run", "spec.yaml", "--forse");
        assertThat(result.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).startsWith("error: unknown option '--forse' for difflab run; accepted: --set,"
                + " --multirun, --out, --force, --resume, --print, --verbose, --help, --version"
                + " (did you mean '--force'?)\n"
                + "(usage: difflab run --help)");
        assertThat(Cli.run(plugins, "sweep", "spec.yaml", "--paralel=2").err())
                .contains("unknown option '--paralel' for difflab sweep").contains("(did you mean '--parallel'?)");
        assertThat(Cli.run(plugins, "sweep", "spec.yaml", "--emit", "slurmm").err())
                .contains("expected slurm or k8s, got 'slurmm' (did you mean 'slurm'?)");
    }

    @Test
    void describeSuggestsTheClosestIdAndKind() {
        Cli.Result id = Cli.run(plugins, "describe", "test-eulr");
        assertThat(id.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(id.err()).startsWith("error: describe: no component 'test-eulr'; known ids: ")
                .contains("(did you mean 'test-euler'?)");

        Cli.Result ofKind = Cli.run(plugins, "describe", "solver/test-eulr");
        assertThat(ofKind.err()).startsWith("error: describe: no solver 'test-eulr'; known ids: test-euler"
                + " (did you mean 'test-euler'?)");

        Cli.Result kind = Cli.run(plugins, "describe", "solvr/test-euler");
        assertThat(kind.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(kind.err()).startsWith("error: describe: unknown kind 'solvr' in 'solvr/test-euler'; accepted:"
                + " process, parameterization, preconditioner, schedule, solver, loss-weighting, noise-distribution,"
                + " model, guidance, training-objective, objective, data-source, data, metric, preset (did you mean"
                + " 'solver'?)");

        assertThat(Cli.run(plugins, "describe", "solver/test-euler").out()).startsWith("test-euler (solver)");
        assertThat(Cli.run(plugins, "describe", "Solver/test-euler").exitCode()).isZero();
    }

    @Test
    void verboseIsAcceptedAfterTheCommandToo() {
        Cli.Result result = Cli.run(plugins, "describe", "test-euler", "--verbose");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("test-euler (solver)");
        for (List<String> args : List.of(List.of("run", "spec.yaml", "--verbose"),
                List.of("--verbose", "run", "spec.yaml"))) {
            Difflab root = new Difflab();
            new CommandLine(root).parseArgs(args.toArray(String[]::new));
            assertThat(root.verbose).as("%s", args).isTrue();   // the flag the error handler reads
        }
    }
}
