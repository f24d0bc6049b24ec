package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plugin author's path end to end: the standalone example project (examples/plugin-example, not part of this
 * build) is copied elsewhere and built by its own pom against the installed platform-api and platform-tck, running
 * the contract mix-in in its own tests; {@code difflab verify} passes its jar; a spec then uses its solver through
 * {@code --plugins}. Needs the platform installed in the local Maven repository, which {@code mvn install} at the
 * root does before this module's tests run.
 */
@Tag("slow")   // a nested Maven build of the example plugin; -Pquick skips it
class ExamplePluginTest {

    @TempDir
    static Path work;

    static Path jar;

    @BeforeAll
    static void buildTheExampleOutsideTheReactor() throws Exception {
        jar = ExampleProject.build("plugin-example", work).resolve("target/plugin-example-0.1.0.jar");
        assertThat(jar).exists();
    }

    @Test
    void theExampleBuildRanTheContractMixIn() throws Exception {
        Path report = work.resolve("plugin-example/target/surefire-reports/"
                + "TEST-org.difflab.examples.ralston.Ralston3SolverTest.xml");
        assertThat(report).exists();
        String xml = Files.readString(report);
        // the mix-in's dynamic tests (one per solver check) and the example's own test ran, none failed
        assertThat(xml).contains("solverContract()", "threeDenoiserCallsPerStepEvenOnTheFinalStepToData",
                "failures=\"0\"", "errors=\"0\"");
    }

    @Test
    void verifyPassesTheExampleJar() {
        Cli.Result result = Cli.run("verify", jar.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("plugin example-ralston (plugin-example-0.1.0.jar)", "solver ralston3",
                "verified: every contract check passed");
        assertThat(result.out()).containsPattern("PASS\\s+solver\\.order\\s+order 3: measured (2\\.[789]|3\\.[0-2])");
    }

    @Test
    void aSpecUsesTheExampleSolverFromAPluginDirectory() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("my-plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Path out = work.resolve("results");
        Cli.Result result = Cli.run("--plugins", plugins.toString(), "run",
                work.resolve("plugin-example/ralston3.yaml").toString(), "--out", out.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path run;
        try (Stream<Path> runs = Files.list(out.resolve("ralston3-ring"))) {
            run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        JsonMapper json = JsonMapper.builder().build();
        JsonNode metrics = json.readTree(run.resolve("metrics.json").toFile());
        // 12 steps of a 3-stage method: 36 denoiser calls, the count the platform checked against the solver's own.
        assertThat(metrics.get("nfe").asInt()).isEqualTo(36);
        // Exact denoiser, third order, 12 Karras steps: the samples match the data about as well as a second draw of
        // the data does (2000 points: baseline energy distance ~0.0025); a broken solver is an order of magnitude off.
        double energy = metrics.get("metrics").get("energy_distance").asDouble();
        double baseline = metrics.get("data_baseline").get("energy_distance").asDouble();
        assertThat(energy).isLessThan(3 * baseline + 0.002);
        JsonNode provenance = json.readTree(run.resolve("run.json").toFile());
        assertThat(provenance.toString()).contains("\"plugin\":\"example-ralston\"", "plugin-example-0.1.0.jar");
    }
}
