package org.difflab.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.core.fixtures.HostileComponents;
import org.difflab.core.fixtures.PluginJars;
import org.difflab.core.sweep.Cli;
import org.difflab.core.sweep.SweepFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin code cannot fake success or escape: an exit is refused and reported as that component's failure, Errors are
 * reported like exceptions (which plugin, which component) and the rest goes on, code that never returns is stopped
 * by a time limit. Each case runs the CLI in this JVM: had an exit got through, the test JVM would have ended.
 */
class PluginFaultTest {

    @TempDir
    Path temp;

    @Test
    void verifyReportsEveryHostileComponentAndGoesOnToTheNextJar() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path jars = Files.createDirectories(temp.resolve("jars"));
        Path hostile = PluginJars.write(jars, "hostile.jar", "hostile", ">=0.1.0", HostileComponents.ALL, true);
        Path good = SweepFixtures.writePluginJar(jars);

        Cli.Result result = Cli.run(plugins, "verify", "--check-time-limit", "3s", hostile.toString(), good.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(Difflab.FAILED);
        String out = result.out();
        assertThat(section(out, "exit-in-constructor")).contains("FAIL").contains("plugin code called System.exit(0)");
        assertThat(section(out, "exit-in-static-init")).contains("FAIL").contains("ExceptionInInitializerError")
                .contains("plugin code called System.exit(0)");
        assertThat(section(out, "exit-mid-solve")).contains("FAIL").contains("plugin code called Runtime.exit(0)");
        assertThat(section(out, "recursing")).contains("FAIL").contains("StackOverflowError");
        assertThat(section(out, "missing-class")).contains("FAIL").contains("NoClassDefFoundError: org/example/Missing");
        assertThat(section(out, "hanging")).contains("FAIL").contains("did not finish within 3 s (--check-time-limit)");
        // the second jar was verified after the first one's failures
        assertThat(out).contains("plugin sweep-test (sweep-test-plugin.jar)");
        assertThat(out.substring(out.indexOf("plugin sweep-test"))).contains("PASS");
    }

    @Test
    void aRunWhoseSolverCallsExitFailsNamingThePluginAndRecordsNothing() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        PluginJars.write(plugins, "hostile.jar", "hostile", ">=0.1.0", HostileComponents.ALL, true);
        Path results = temp.resolve("results");
        for (String solver : List.of("exit-mid-solve", "exit-in-constructor", "recursing", "missing-class")) {
            Path spec = Files.writeString(temp.resolve(solver + ".yaml"), spec(solver));

            Cli.Result result = Cli.run(plugins, "run", spec.toString(), "--out", results.toString());

            assertThat(result.exitCode()).as(solver + ": " + result.err()).isEqualTo(Difflab.FAILED);
            assertThat(result.err()).as(solver).contains("hostile");
            assertThat(publishedRuns(results)).as(solver).isEmpty();
        }
    }

    @Test
    void aRunPastItsTimeLimitIsStoppedWithAClearMessage() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        PluginJars.write(plugins, "hostile.jar", "hostile", ">=0.1.0", HostileComponents.ALL, true);
        Path spec = Files.writeString(temp.resolve("hanging.yaml"), spec("hanging"));
        Path results = temp.resolve("results");

        Cli.Result result = Cli.run(plugins, "run", spec.toString(), "--out", results.toString(), "--time-limit", "1s");

        assertThat(result.exitCode()).isEqualTo(Difflab.FAILED);
        assertThat(result.err()).contains("error: the run did not finish within --time-limit 1 s; stopped, nothing"
                + " recorded");
        assertThat(publishedRuns(results)).isEmpty();
    }

    @Test
    void aTimeLimitThatIsNotADurationIsBadInput() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        Path spec = Files.writeString(temp.resolve("s.yaml"), spec("test-euler"));

        Cli.Result result = Cli.run(plugins, "run", spec.toString(), "--time-limit", "soon");

        assertThat(result.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).contains("must be a positive duration such as 90s, 15m or 2h, got 'soon'");
    }

    /** The lines of verify's output about one component, up to the next component. */
    private static String section(String out, String id) {
        int start = out.indexOf(" " + id + "  (");
        assertThat(start).as("a section for " + id + " in:\n" + out).isGreaterThanOrEqualTo(0);
        int end = out.indexOf("\n  ", out.indexOf('\n', start) + 1);
        while (end >= 0 && out.startsWith("\n    ", end)) {
            end = out.indexOf("\n  ", end + 1);
        }
        return end < 0 ? out.substring(start) : out.substring(start, end);
    }

    private static List<Path> publishedRuns(Path results) throws IOException {
        if (!Files.exists(results)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(results, 2)) {
            return walk.filter(p -> results.relativize(p).getNameCount() == 2)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !results.relativize(p).getName(0).toString().startsWith(".")).toList();
        }
    }

    static String spec(String solver) {
        return PluginFaultTestSpecs.spec(solver);
    }
}
