package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.experiments.clash.EulerCalledHeun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 9 item 2, through the CLI with the packaged plugin jars: a third-party jar declaring a solver {@code heun}
 * (Euler's method: 18 NFE on the quickstart's grid, where the bundled Heun spends 35) never replaces the bundled one.
 * The bare id is an error naming both jars (exit 2, nothing written); the qualified id picks either one wherever an
 * id is accepted (spec, --set, sweeps, describe); plugins, describe and verify report the clash as it is.
 */
class PluginIdClashTest {

    private static final Path QUICKSTART = Path.of(System.getProperty("difflab.root"), "experiments", "quickstart.yaml");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CANDIDATES = "solver 'heun' is provided by 2 plugins: fast-heun (fast-heun.jar),"
            + " solvers (plugin-solvers-0.1.0.jar)";
    private static final String[] SMALL = {"--set", "sampling.count=300", "--set", "evaluation.plots=false",
        "--set", "evaluation.metrics=[]"};

    @TempDir
    Path dir;

    private Path plugins;
    private Path jar;

    @BeforeEach
    void aThirdPartyJarDeclaringHeun() throws IOException {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        jar = PluginJars.build(plugins.resolve("fast-heun.jar"), "fast-heun", ">=0.1.0",
                List.of(EulerCalledHeun.class));
    }

    private Cli.Result run(String... args) {
        String[] head = {"--plugins", plugins.toString(), "run", QUICKSTART.toString(), "--out",
            dir.resolve("out").toString()};
        String[] all = java.util.Arrays.copyOf(head, head.length + SMALL.length + args.length);
        System.arraycopy(SMALL, 0, all, head.length, SMALL.length);
        System.arraycopy(args, 0, all, head.length + SMALL.length, args.length);
        return Cli.run(all);
    }

    @Test
    void theBareIdIsAnErrorListingTheCandidatesWithTheirJarsAndNothingRuns() throws IOException {
        Cli.Result result = run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        int line = lineOf(Files.readString(QUICKSTART), "{type: heun}");
        assertThat(result.err()).contains("error: quickstart.yaml:" + line + ": sampling.solver.type: " + CANDIDATES
                + "; name the one you mean: fast-heun:heun or solvers:heun");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void theQualifiedIdPicksEitherComponentInTheSpecAndInSetAndTheResolvedSpecKeepsIt() throws IOException {
        Cli.Result bundled = run("--set", "sampling.solver.type=solvers:heun");
        assertThat(bundled.exitCode()).as(bundled.toString()).isZero();
        assertThat(bundled.out()).contains("35 NFE");
        assertThat(bundled.err()).contains("warning: " + CANDIDATES + "; specs must name it fast-heun:heun or"
                + " solvers:heun");

        Cli.Result theirs = run("--set", "sampling.solver={type: fast-heun:heun}");
        assertThat(theirs.exitCode()).as(theirs.toString()).isZero();
        assertThat(theirs.out()).contains("18 NFE");
        Path run = runDirectory(theirs);
        JsonNode solver = JSON.readTree(run.resolve("run.json").toFile()).get("components").get("sampling.solver");
        assertThat(solver.get("plugin").asString()).isEqualTo("fast-heun");
        assertThat(solver.get("jar").asString()).isEqualTo("fast-heun.jar");
        assertThat(Files.readString(run.resolve("spec.yaml"))).contains("type: fast-heun:heun");

        // the resolved spec names the same component again: re-running it is the same run
        Cli.Result again = Cli.run("--plugins", plugins.toString(), "run", run.resolve("spec.yaml").toString(),
                "--out", dir.resolve("out").toString());
        assertThat(again.out()).contains("run " + run.getFileName() + " of quickstart already finished");
    }

    @Test
    void withoutAClashTheBareAndTheQualifiedIdAreTheSameRun() throws IOException {
        Files.delete(jar);
        Cli.Result bare = run();
        assertThat(bare.exitCode()).as(bare.toString()).isZero();
        assertThat(bare.out()).contains("35 NFE");
        Cli.Result qualified = run("--set", "sampling.solver.type=solvers:heun");
        assertThat(qualified.out()).contains("run " + runDirectory(bare).getFileName() + " of quickstart already"
                + " finished");
    }

    @Test
    void aMetricNamedTwiceBareAndQualifiedIsAnError() {
        Cli.Result result = run("--set", "sampling.solver.type=solvers:heun",
                "--set", "evaluation.metrics=[metrics:energy_distance, energy_distance]");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("evaluation.metrics[1]: metric 'energy_distance' is listed twice; results"
                + " are filed under the metric's id, so list each id once");
    }

    @Test
    void aSweepTakesQualifiedIds() throws IOException {
        Path spec = Files.writeString(dir.resolve("sweep.yaml"), Files.readString(QUICKSTART)
                + "sweep:\n  grid: {sampling.solver.type: [solvers:heun, fast-heun:heun]}\n");
        Cli.Result sweep = Cli.run(concat(new String[] {"--plugins", plugins.toString(), "sweep", spec.toString(),
            "--out", dir.resolve("out").toString()}, SMALL));
        assertThat(sweep.exitCode()).as(sweep.toString()).isZero();
        Path summary;
        try (Stream<Path> files = Files.walk(dir.resolve("out/quickstart/sweeps"))) {
            summary = files.filter(p -> p.getFileName().toString().equals("summary.csv")).findFirst().orElseThrow();
        }
        List<String> rows = Files.readAllLines(summary);
        List<String> header = List.of(rows.get(0).split(","));
        int solver = header.indexOf("sampling.solver.type");
        int nfe = header.indexOf("nfe");
        assertThat(rows.subList(1, rows.size()).stream().map(r -> r.split(","))
                .map(cells -> cells[solver] + " " + cells[nfe]).toList())
                .containsExactly("solvers:heun 35", "fast-heun:heun 18");
    }

    @Test
    void pluginsDescribeAndVerifyReportTheClash() {
        Cli.Result plugins = Cli.run("--plugins", this.plugins.toString(), "plugins");
        assertThat(plugins.exitCode()).isZero();
        assertThat(plugins.out()).contains("fast-heun 0.0.1  fast-heun.jar")
                .containsPattern("solver +fast-heun:heun +Euler's method under the id heun")
                .containsPattern("solver +solvers:heun +Heun")
                .containsPattern("solver +euler +")   // ids without a clash stay bare
                .contains("id clashes", CANDIDATES + "; write fast-heun:heun or solvers:heun");

        Cli.Result one = Cli.run("--plugins", this.plugins.toString(), "describe", "fast-heun:heun");
        assertThat(one.exitCode()).isZero();
        assertThat(one.out()).contains("fast-heun:heun (solver)", "plugin: fast-heun 0.0.1 (fast-heun.jar)",
                "order: 1", "clash: " + CANDIDATES + "; specs must write fast-heun:heun for this one")
                .doesNotContain("order: 2");
        Cli.Result kindAndQualified = Cli.run("--plugins", this.plugins.toString(), "describe", "solver/solvers:heun");
        assertThat(kindAndQualified.out()).contains("solvers:heun (solver)", "order: 2").doesNotContain("order: 1");
        Cli.Result both = Cli.run("--plugins", this.plugins.toString(), "describe", "heun");
        assertThat(both.out()).contains("fast-heun:heun (solver)", "solvers:heun (solver)");

        // verify used to say the jar "contributes no component": it contributes heun, which clashes
        Cli.Result verify = Cli.run("verify", jar.toString());
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("plugin fast-heun (fast-heun.jar)",
                "solver fast-heun:heun  (" + EulerCalledHeun.class.getName() + ")",
                "CLASH  " + CANDIDATES + "; with these plugins loaded a spec must write fast-heun:heun or solvers:heun",
                "PASS  solver.order", "ids also provided by other loaded plugins: solver 'heun'")
                .doesNotContain("contributes no component");
    }

    private Path runDirectory(Cli.Result result) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("results: (\\S+)").matcher(result.out());
        assertThat(m.find()).as(result.toString()).isTrue();
        return Path.of(m.group(1));
    }

    private static int lineOf(String text, String fragment) {
        return text.substring(0, text.indexOf(fragment)).split("\n", -1).length;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
