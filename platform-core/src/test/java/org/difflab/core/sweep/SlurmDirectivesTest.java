package org.difflab.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.YamlSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The #SBATCH settings of an emitted job array: from the spec's sweep.slurm block and the command line. */
class SlurmDirectivesTest {

    private static final SlurmDirectives.Options NONE = new SlurmDirectives.Options(null, null, null, null, null, null,
            List.of());

    private static SpecDocument spec(String slurmBlock) {
        return YamlSpecParser.parse("""
                experiment: e
                sweep:
                  grid: {seed: [1, 2]}
                """ + slurmBlock, "s.yaml", Path.of("."));
    }

    @Test
    void withNothingGivenTheTaskAsksForOneTaskOfTwoCpus() {
        assertThat(SlurmDirectives.of(spec(""), NONE).lines()).containsExactly("--ntasks=1", "--cpus-per-task=2");
    }

    @Test
    void theSpecBlockGivesEveryDirectiveAndOptionsReplaceItsValues() {
        SpecDocument document = spec("""
                  slurm:
                    partition: gpu
                    time: "1-12:00:00"
                    mem: 16G
                    cpus_per_task: 8
                    gres: gpu:a100:2
                    account: proj42
                    extra: ["--qos=high", "#SBATCH --constraint=a100"]
                """);
        assertThat(SlurmDirectives.of(document, NONE).lines()).containsExactly("--partition=gpu", "--account=proj42",
                "--time=1-12:00:00", "--ntasks=1", "--cpus-per-task=8", "--mem=16G", "--gres=gpu:a100:2", "--qos=high",
                "--constraint=a100");
        SlurmDirectives.Options options = new SlurmDirectives.Options("debug", "30", "4000", 1, "gpu:1", "other",
                List.of("--exclusive"));
        assertThat(SlurmDirectives.of(document, options).lines()).containsExactly("--partition=debug",
                "--account=other", "--time=30", "--ntasks=1", "--cpus-per-task=1", "--mem=4000", "--gres=gpu:1",
                "--qos=high", "--constraint=a100", "--exclusive");
    }

    @Test
    void badValuesAreReportedAtTheirLineOrOptionWithWhatIsAccepted() {
        SpecDocument document = spec("""
                  slurm:
                    time: two hours
                    cpus_per_task: 0
                    partiton: gpu
                    extra: ["--array=0-3", "--time=10", "not an option"]
                """);
        SlurmDirectives.Options options = new SlurmDirectives.Options(null, null, "16 GB", null, null, null,
                List.of("--output=/tmp/x"));
        assertThatThrownBy(() -> SlurmDirectives.of(document, options)).isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).problems()).extracting(p -> p.format()).containsExactly(
                        "--mem: expected memory per node: megabytes (4000) or a number with a K, M, G or T suffix"
                                + " (16G); got '16 GB'",
                        "s.yaml:7: sweep.slurm.partiton: unknown key 'partiton'; accepted: partition, time, mem,"
                                + " cpus_per_task, gres, account, extra",
                        "s.yaml:5: sweep.slurm.time: expected a Slurm time limit: minutes (30), MM:SS, HH:MM:SS"
                                + " (02:00:00), D-HH, D-HH:MM or D-HH:MM:SS (1-12:00:00), or UNLIMITED; got \"two hours\"",
                        "s.yaml:6: sweep.slurm.cpus_per_task: expected a whole number of at least 1, got 0",
                        "s.yaml:8: sweep.slurm.extra[0]: the script sets --array itself; use --tasks and"
                                + " --max-concurrent",
                        "s.yaml:8: sweep.slurm.extra[1]: give --time as its own setting (sweep.slurm.time or --time"
                                + " VALUE), not as an extra line",
                        "s.yaml:8: sweep.slurm.extra[2]: expected one sbatch option per line, such as --qos=high or"
                                + " --constraint=a100; got 'not an option'",
                        "--sbatch: the script sets --output itself; use nothing: logs go to <sweep dir>/slurm/"));
    }

    @TempDir
    Path root;

    @Test
    void theCommandRefusesBadSettingsWithExitCodeTwoAndWritesNothing() throws IOException {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        Path spec = root.resolve("sweep.yaml");
        Files.writeString(spec, SweepFixtures.spec(0, 0) + "  slurm: {time: soon}\n");
        Path out = root.resolve("out");
        Cli.Result result = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString(), "--emit", "slurm");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("sweep.yaml:18: sweep.slurm.time: expected a Slurm time limit");
        assertThat(out).doesNotExist();

        // the block is checked whenever the sweep is read, not only when a job is emitted
        Cli.Result running = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString());
        assertThat(running.exitCode()).isEqualTo(2);
        assertThat(running.err()).contains("sweep.yaml:18: sweep.slurm.time: expected a Slurm time limit");
        assertThat(out).doesNotExist();

        Files.writeString(spec, SweepFixtures.spec(0, 0));
        Cli.Result notEmitting = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString(), "--partition", "x");
        assertThat(notEmitting.exitCode()).isEqualTo(2);
        assertThat(notEmitting.err()).contains("add --emit slurm");
        assertThat(out).doesNotExist();
    }
}
