package org.difflab.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.difflab.core.spec.Overrides;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.YamlSpecParser;
import org.difflab.core.sweep.Cli;
import org.difflab.core.sweep.SweepFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overrides typed as Hydra users type them (issue 16, item 1): bare key=value, key=a,b,c sweeps, -m. */
class HydraOverridesTest {

    /** The sweep fixture's spec without its sweep block (lines 1-12). */
    private static final String SINGLE = SweepFixtures.spec(0, 0).substring(0,
            SweepFixtures.spec(0, 0).indexOf("sweep:"));

    @TempDir
    Path root;
    Path plugins;
    Path out;
    Path spec;

    @BeforeEach
    void setUp() throws IOException {
        plugins = Files.createDirectories(root.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        out = root.resolve("out");
        spec = root.resolve("single.yaml");
        Files.writeString(spec, SINGLE);
    }

    private static String runId(Cli.Result result) {
        return result.out().lines().filter(l -> l.startsWith("results: ")).findFirst().orElseThrow()
                .replaceAll("results: .*[/\\\\]([0-9a-f]{12}) .*", "$1");
    }

    @Test
    void aBareKeyValueAfterTheSpecIsTheSameRunAsSet() {
        Cli.Result bare = Cli.run(plugins, "run", spec.toString(), "sampling.schedule.steps=6", "--out", out.toString());
        assertThat(bare.exitCode()).as(bare.err()).isZero();
        Cli.Result set = Cli.run(plugins, "run", spec.toString(), "--set", "sampling.schedule.steps=6", "--out",
                out.toString(), "--force");
        assertThat(runId(set)).isEqualTo(runId(bare));
        Cli.Result plain = Cli.run(plugins, "run", spec.toString(), "--out", out.toString());
        assertThat(runId(plain)).isNotEqualTo(runId(bare));   // the override did change the run
    }

    @Test
    void aBadBareOverrideIsBlamedOnTheOverrideNotOnTheSpecFile() {
        Cli.Result result = Cli.run(plugins, "run", spec.toString(), "sampling.schedule.steps=many", "--out",
                out.toString());
        assertThat(result.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).startsWith("error: --set sampling.schedule.steps=many: sampling.schedule.steps:")
                .doesNotContain("single.yaml");

        Cli.Result word = Cli.run(plugins, "run", spec.toString(), "steps", "--out", out.toString());
        assertThat(word.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(word.err()).startsWith("error: --set steps: expected key.path=value");
        assertThat(out).doesNotExist();
    }

    @Test
    void aProblemOfAMappingAnOverrideChangedNamesTheOverrideBesideTheLine() {
        SpecDocument document = YamlSpecParser.parse(SINGLE, "single.yaml", root);
        Overrides.apply(document, List.of("sampling.schedule.rho=3", "seed=4"));
        // a problem of the whole schedule (say, its grid) may be the override's doing: both are named
        assertThat(document.where("sampling.schedule")).isEqualTo("single.yaml:10, with --set sampling.schedule.rho=3");
        assertThat(document.where("sampling.schedule.rho")).isEqualTo("--set sampling.schedule.rho=3");
        assertThat(document.where("sampling.schedule.steps")).isEqualTo("single.yaml:10");
        assertThat(document.where("process")).isEqualTo("single.yaml:4");
    }

    @Test
    void commaSeparatedValuesAreASweepAxisForSweepAndForRunMinusM() throws IOException {
        Cli.Result sweep = Cli.run(plugins, "sweep", spec.toString(), "sampling.schedule.steps=2,4,8", "--out",
                out.toString());
        assertThat(sweep.exitCode()).as(sweep.err()).isZero();
        assertThat(sweep.out()).contains(": 3 trials (3 distinct runs)");
        List<CSVRecord> rows = summary();
        assertThat(rows).extracting(r -> r.get("sampling.schedule.steps")).containsExactly("2", "4", "8");

        // the same sweep through run -m: same sweep id, every trial already done
        Cli.Result multirun = Cli.run(plugins, "run", "-m", spec.toString(), "sampling.schedule.steps=2,4,8",
                "--out", out.toString());
        assertThat(multirun.exitCode()).as(multirun.err()).isZero();
        assertThat(multirun.out().lines().filter(l -> l.startsWith("sweep ")).findFirst().orElseThrow())
                .isEqualTo(sweep.out().lines().filter(l -> l.startsWith("sweep ")).findFirst().orElseThrow());
        assertThat(multirun.progressLines()).hasSize(3).allSatisfy(l -> assertThat(l).contains("skipped"));
    }

    @Test
    void anOverrideAxisJoinsTheSpecsOwnSweepAsAnotherGridAxis() throws IOException {
        Path withSweep = root.resolve("sweep.yaml");
        Files.writeString(withSweep, SweepFixtures.spec(0, 0));   // steps x rho x 2 repeats = 12
        Cli.Result result = Cli.run(plugins, "sweep", withSweep.toString(), "--dry-run", "sampling.count=50,100",
                "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(": 24 trials");
        // replacing an axis the spec sweeps: the override's values win
        Cli.Result replaced = Cli.run(plugins, "sweep", withSweep.toString(), "--dry-run",
                "sampling.schedule.steps=3,5", "--out", out.toString());
        assertThat(replaced.out()).contains(": 8 trials");
    }

    @Test
    void runRefusesASweepAxisWithoutMinusMAndAQuotedCommaIsOneValue() {
        Cli.Result result = Cli.run(plugins, "run", spec.toString(), "sampling.schedule.steps=2,4", "--out",
                out.toString());
        assertThat(result.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).startsWith("error: --set sampling.schedule.steps=2,4: sampling.schedule.steps:"
                + " lists 2 values, a sweep axis; run it with -m");
        assertThat(out).doesNotExist();

        Cli.Result bad = Cli.run(plugins, "sweep", spec.toString(), "sampling.schedule.steps=2,many", "--out",
                out.toString());
        assertThat(bad.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(bad.err()).contains("--set sampling.schedule.steps=2,many: sampling.schedule.steps")
                .doesNotContain("single.yaml");
    }

    @Test
    void commasInsideBracketsBracesAndQuotesDoNotSplit() {
        assertThat(Overrides.parse("evaluation.metrics=[a, b]").sweep()).isFalse();
        assertThat(Overrides.parse("sampling.solver={type: heun, s: 1}").sweep()).isFalse();
        assertThat(Overrides.parse("experiment='a,b'").values().get(0).asString()).isEqualTo("a,b");
        Overrides.Assignment axis = Overrides.parse("+sampling.solver=heun,{type: euler},[1, 2]");
        assertThat(axis.path()).isEqualTo("sampling.solver");
        assertThat(axis.values()).hasSize(3);
        assertThat(axis.values().get(1).get("type").asString()).isEqualTo("euler");
        assertThat(axis.values().get(2).size()).isEqualTo(2);
    }

    private List<CSVRecord> summary() throws IOException {
        Path sweeps = out.resolve("sweep-test").resolve("sweeps");
        try (var list = Files.list(sweeps)) {
            Path directory = list.filter(Files::isDirectory).findFirst().orElseThrow();
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(Files.newBufferedReader(directory.resolve("summary.csv"))).getRecords();
        }
    }
}
