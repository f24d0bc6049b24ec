package org.difflab.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** difflab sweep and difflab report in this JVM: results, skipping, failures, emitted jobs, bad input. */
class SweepRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;
    Path plugins;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        plugins = Files.createDirectories(root.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        out = root.resolve("out");
    }

    private Path spec(int delayMs, int failAtSteps) throws IOException {
        Path spec = root.resolve("sweep.yaml");
        Files.writeString(spec, SweepFixtures.spec(delayMs, failAtSteps));
        return spec;
    }

    static List<CSVRecord> csv(Path file) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(file)).getRecords();
    }

    static Path onlySweep(Path out) throws IOException {
        try (Stream<Path> sweeps = Files.list(out.resolve("sweep-test").resolve("sweeps"))) {
            return sweeps.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void aSweepRunsEveryTrialAsAnOrdinaryRunAndWritesSummaryPlotsAndReport() throws Exception {
        Path spec = spec(0, 0);
        Cli.Result result = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.progressLines()).hasSize(12).allSatisfy(l -> assertThat(l).contains(" done  mean_gap="));
        assertThat(result.progressLines().get(0)).startsWith("[ 1/12] #0   steps=2 rho=3 seed=3  done");
        // each line ends with the pace so far and the time the rest would take at it; none is left after the last
        assertThat(result.progressLines()).allSatisfy(l -> assertThat(l)
                .containsPattern("  \\[[0-9.]+ trials/min, [0-9]+:[0-9]{2} left\\]$"));
        assertThat(result.progressLines().get(11)).endsWith(", 0:00 left]");

        Path sweep = onlySweep(out);
        SweepManifest manifest = SweepManifest.read(sweep.resolve("manifest.json"));
        List<CSVRecord> rows = csv(sweep.resolve("summary.csv"));
        assertThat(rows).hasSize(12);
        assertThat(rows.get(0).getParser().getHeaderNames()).containsExactly("index", "run_id", "status",
                "sampling.schedule.steps", "sampling.schedule.rho", "repeat", "seed", "mean_gap", "mean_gap_data",
                "nfe", "sampling_seconds", "wall_seconds", "same_run_as", "error");
        for (CSVRecord row : rows) {
            SweepManifest.Trial trial = manifest.trials().get(Integer.parseInt(row.get("index")));
            assertThat(row.get("status")).isEqualTo("done");
            assertThat(row.get("run_id")).isEqualTo(trial.runId());
            JsonNode metrics = JSON.readTree(Files.readString(out.resolve("sweep-test").resolve(trial.runId())
                    .resolve("metrics.json")));
            // the summary repeats the run's own numbers in full precision
            assertThat(Double.parseDouble(row.get("mean_gap"))).isEqualTo(metrics.at("/metrics/mean_gap").asDouble());
            // Euler evaluates the denoiser once per step
            assertThat(row.get("nfe")).isEqualTo(row.get("sampling.schedule.steps"));
            assertThat(Double.parseDouble(row.get("wall_seconds"))).isPositive();
        }
        try (Stream<Path> files = Files.list(sweep.resolve("plots"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("mean_gap-vs-steps.png", "mean_gap-vs-rho.png", "mean_gap-vs-nfe.png");
        }
        String html = Files.readString(sweep.resolve("report.html"));
        String jarSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(plugins.resolve("sweep-test-plugin.jar"))));
        assertThat(html).contains(manifest.sweepId()).contains("data:image/png;base64,")
                .contains("sweep-test 0.1.0  sweep-test-plugin.jar  sha256 " + jarSha).contains("12 done");

        // again: nothing runs
        Cli.Result again = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.progressLines()).hasSize(12)
                .allSatisfy(l -> assertThat(l).endsWith("skipped (finished before)"));
        // and a trial is the same run as difflab run of its values
        Cli.Result single = Cli.run(plugins, "run", spec.toString(), "--out", out.toString(), "--set",
                "sampling.schedule.steps=8", "--set", "sampling.schedule.rho=7", "--set", "seed=4");
        assertThat(single.out()).contains("run " + manifest.trials().get(11).runId()).contains("already finished");
    }

    @Test
    void aFailingTrialIsRecordedAndTheSweepGoesOn() throws Exception {
        Path spec = spec(0, 4);
        Cli.Result result = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        List<String> lines = result.progressLines();
        assertThat(lines).hasSize(12);
        assertThat(lines.stream().filter(l -> l.contains("FAILED: test failure at 4 steps"))).hasSize(4);
        assertThat(lines.stream().filter(l -> l.contains(" done "))).hasSize(8);
        assertThat(result.out()).contains("12 trials: 8 done, 0 skipped (finished before), 4 failed");

        Path sweep = onlySweep(out);
        SweepManifest manifest = SweepManifest.read(sweep.resolve("manifest.json"));
        for (CSVRecord row : csv(sweep.resolve("summary.csv"))) {
            SweepManifest.Trial trial = manifest.trials().get(Integer.parseInt(row.get("index")));
            boolean fails = trial.values().get("sampling.schedule.steps").asInt() == 4;
            assertThat(row.get("status")).isEqualTo(fails ? "failed" : "done");
            assertThat(Files.isDirectory(out.resolve("sweep-test").resolve(trial.runId()))).isEqualTo(!fails);
            if (fails) {
                assertThat(row.get("error")).isEqualTo("test failure at 4 steps");
                assertThat(row.get("mean_gap")).isEmpty();
                JsonNode record = JSON.readTree(Files.readString(Failures.file(sweep, trial.runId())));
                assertThat(record.get("index").asInt()).isEqualTo(trial.index());
                assertThat(record.get("error").asString()).isEqualTo("test failure at 4 steps");
                assertThat(record.get("log_tail").toString()).contains("IllegalStateException")
                        .contains("TestEuler.start");
            }
        }
        assertThat(Files.readString(sweep.resolve("report.html"))).contains("<h2>Failures</h2>")
                .contains("test failure at 4 steps");
        // failed trials are tried again, finished ones are not
        Cli.Result again = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).contains("12 trials: 0 done, 8 skipped (finished before), 4 failed");
    }

    @Test
    void oneTrialOrOneShardRunsAloneAndReportShowsTheRestPending() throws Exception {
        Path spec = spec(0, 0);
        Cli.Result one = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString(), "--trial-index", "4");
        assertThat(one.exitCode()).isZero();
        assertThat(one.progressLines()).singleElement().asString().startsWith("[1/1] #4 ").contains("done");
        assertThat(one.out()).contains("when every shard has finished: difflab report");
        Path sweep = onlySweep(out);
        assertThat(sweep.resolve("summary.csv")).doesNotExist();

        Cli.Result shard = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString(), "--shard", "1/3");
        assertThat(shard.progressLines()).extracting(l -> l.split("#")[1].split(" ")[0])
                .containsExactly("4", "1", "7", "10");   // finished trials are reported first
        assertThat(shard.progressLines().get(0)).endsWith("skipped (finished before)");   // trial 4 ran alone

        Cli.Result report = Cli.run(plugins, "report", out.toString());
        assertThat(report.exitCode()).isZero();
        assertThat(report.out()).contains("12 trials: 4 done, 0 failed, 0 running, 8 pending");
        assertThat(csv(sweep.resolve("summary.csv"))).extracting(r -> r.get("status")).containsExactly(
                "pending", "done", "pending", "pending", "done", "pending", "pending", "done", "pending", "pending",
                "done", "pending");
    }

    @Test
    void emittedSlurmAndKubernetesJobsRunTheManifestByIndex() throws Exception {
        Path spec = spec(0, 0);
        Cli.Result slurm = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString(), "--emit", "slurm",
                "--max-concurrent", "4", "--set", "sampling.count=150", "--partition", "short", "--time", "00:20:00",
                "--mem", "2G", "--cpus-per-task", "3", "--gres", "gpu:1", "--account", "proj42", "--sbatch=--qos=high");
        assertThat(slurm.exitCode()).as(slurm.err()).isZero();
        Path sweep = onlySweep(out);
        String id = sweep.getFileName().toString();
        String script = Files.readString(sweep.resolve("slurm.sh"));
        Path logs = sweep.toAbsolutePath().resolve("slurm");
        assertThat(script).startsWith("#!/bin/bash\n").contains("#SBATCH --job-name=difflab-sweep-test\n"
                + "#SBATCH --array=0-11%4\n"
                + "#SBATCH --partition=short\n"
                + "#SBATCH --account=proj42\n"
                + "#SBATCH --time=00:20:00\n"
                + "#SBATCH --ntasks=1\n"
                + "#SBATCH --cpus-per-task=3\n"
                + "#SBATCH --mem=2G\n"
                + "#SBATCH --gres=gpu:1\n"
                + "#SBATCH --qos=high\n"
                + "#SBATCH --output=" + logs + "/%A_%a.out\n")
                .contains("\nexport OMP_WAIT_POLICY=PASSIVE\nexport GOMP_SPINCOUNT=10000\n")
                .contains("-Dai.djl.pytorch.num_threads=${SLURM_CPUS_PER_TASK:-3}")
                .contains(" sweep " + spec.toAbsolutePath() + " --out " + out.toAbsolutePath()
                        + " --set sampling.count=150 --trial-index \"$SLURM_ARRAY_TASK_ID\" --sweep-id " + id + "\n");
        // Slurm opens a task's output file before the script runs: the log directory must exist at submission
        // (without it every task failed with exit code 0:53 on a real cluster)
        assertThat(logs).isDirectory();
        String report = Files.readString(sweep.resolve("slurm-report.sh"));
        assertThat(report).contains("#SBATCH --partition=short\n#SBATCH --account=proj42\n#SBATCH --time=00:20:00\n"
                + "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=2G\n#SBATCH --qos=high\n"
                + "#SBATCH --output=" + logs + "/report_%j.out\n")
                .doesNotContain("--gres").endsWith(" report " + sweep.toAbsolutePath() + "\n");
        assertThat(slurm.out()).contains("submit: job=$(sbatch --parsable " + sweep.resolve("slurm.sh")
                + ") && sbatch --dependency=afterany:$job " + sweep.resolve("slurm-report.sh"));
        for (String file : List.of("slurm.sh", "slurm-report.sh")) {
            Process check = new ProcessBuilder("bash", "-n", sweep.resolve(file).toString()).start();
            assertThat(check.waitFor()).as("bash -n " + file).isZero();
        }
        // emitting runs nothing
        try (Stream<Path> entries = Files.list(out.resolve("sweep-test"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("sweeps");
        }
        // what an array task runs: its trial, taken from the manifest
        Cli.Result task = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString(), "--set",
                "sampling.count=150", "--trial-index", "3", "--sweep-id", id);
        assertThat(task.exitCode()).as(task.err()).isZero();
        assertThat(task.progressLines()).singleElement().asString().startsWith("[1/1] #3 ").contains(" done ");
        // a spec changed after the job was emitted is refused, not run under the old index
        Cli.Result changed = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString(), "--set",
                "sampling.count=151", "--trial-index", "4", "--sweep-id", id);
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("trial 4 now resolves to run").contains("changed since the manifest");

        Cli.Result k8s = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString(), "--emit", "k8s",
                "--set", "sampling.count=150", "--tasks", "3", "--image", "registry.example/difflab:1");
        assertThat(k8s.exitCode()).isZero();
        JsonNode job = YAMLMapper.builder().build().readTree(Files.readString(sweep.resolve("k8s-job.yaml")));
        assertThat(job.get("kind").asString()).isEqualTo("Job");
        assertThat(job.at("/spec/completionMode").asString()).isEqualTo("Indexed");
        assertThat(job.at("/spec/completions").asInt()).isEqualTo(3);
        assertThat(job.at("/spec/parallelism").asInt()).isEqualTo(3);
        assertThat(job.at("/metadata/name").asString()).isEqualTo("difflab-sweep-test-" + id);
        JsonNode container = job.at("/spec/template/spec/containers/0");
        assertThat(container.get("image").asString()).isEqualTo("registry.example/difflab:1");
        assertThat(container.at("/args/0").asString()).isEqualTo("exec bin/difflab sweep " + spec + " --out /results"
                + " --set sampling.count=150 --shard \"$JOB_COMPLETION_INDEX/3\" --sweep-id " + id);
        assertThat(container.at("/volumeMounts/0/mountPath").asString()).isEqualTo("/results");
        assertThat(container.get("env").findValuesAsString("value")).contains("PASSIVE");
        assertThat(container.at("/env/0/name").asString()).isEqualTo("OMP_WAIT_POLICY");
        assertThat(container.at("/env/1/name").asString()).isEqualTo("GOMP_SPINCOUNT");
        assertThat(container.at("/env/1/value").asString()).isEqualTo("10000");
        assertThat(container.at("/env/2/value").asString()).isEqualTo("-Dai.djl.pytorch.num_threads=2");
        assertThat(job.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asString())
                .isEqualTo("difflab-results");
    }

    @Test
    void reportGathersRunsMadeOneByOneWithTheKeysThatDifferAsAxes() throws Exception {
        Path spec = spec(0, 0);
        for (String[] sets : new String[][] {{"sampling.schedule.steps=2"}, {"sampling.schedule.steps=6"},
            {"sampling.schedule.steps=6", "seed=9"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("run", spec.toString(), "--out", out.toString()));
            for (String set : sets) {
                args.addAll(List.of("--set", set));
            }
            assertThat(Cli.run(plugins, args.toArray(String[]::new)).exitCode()).isZero();
        }
        Cli.Result report = Cli.run(plugins, "report", out.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        Path gathered = out.resolve("sweep-test").resolve("sweeps").resolve("all-runs");
        List<CSVRecord> rows = csv(gathered.resolve("summary.csv"));
        assertThat(rows.get(0).getParser().getHeaderNames()).startsWith("index", "run_id", "status",
                "sampling.schedule.steps", "seed", "mean_gap");
        assertThat(rows).extracting(r -> r.get("sampling.schedule.steps") + "/" + r.get("seed"))
                .containsExactly("2/3", "6/3", "6/9");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
        assertThat(gathered.resolve("report.html")).exists();
    }

    @Test
    void badInputExitsWithTwoAndWritesNothing() throws Exception {
        Path spec = root.resolve("bad.yaml");
        Files.writeString(spec, SweepFixtures.spec(0, 0).replace("rho: [3, 7]", "rho: [3, -1]"));
        Cli.Result bad = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("bad.yaml:16: sampling.schedule.rho: must be > 0, got -1");
        assertThat(out).doesNotExist();

        Path good = spec(0, 0);
        assertThat(Cli.run(plugins, "sweep", good.toString(), "--out", out.toString(), "--trial-index", "12")
                .err()).contains("the sweep has trials 0 to 11; got 12");
        assertThat(Cli.run(plugins, "sweep", good.toString(), "--out", out.toString(), "--sweep-id", "000000000000")
                .exitCode()).isEqualTo(2);
        assertThat(Cli.run(plugins, "sweep", good.toString(), "--shard", "0/2", "--trial-index", "1").exitCode())
                .isEqualTo(2);
        assertThat(Cli.run(plugins, "report", root.toString()).err()).contains("no sweep and no two runs");
        try (Stream<Path> runs = Files.walk(root)) {
            assertThat(runs.filter(p -> p.getFileName().toString().equals("run.json"))).isEmpty();
        }
    }
}
