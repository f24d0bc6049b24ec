package org.difflab.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.difflab.core.report.SummaryCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps as separate processes: a sweep killed with SIGKILL mid-way resumes to the same summary as an
 * uninterrupted one, and shards run by separate JVMs, merged by copying and reported, give the same summary
 * as one local sweep. The trials are deterministic, so the summaries agree exactly except for wall times.
 */
@Tag("slow")   // sweeps in child JVMs, killed and resumed; -Pquick skips it
class SweepProcessTest {

    @TempDir
    static Path root;
    static Path plugins;
    static Path spec;
    static String reference;

    @BeforeAll
    static void uninterruptedReference() throws IOException {
        plugins = Files.createDirectories(root.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        spec = root.resolve("sweep.yaml");
        // 250 ms per trial: slow enough to kill the sweep between trials, quick enough for 12 trials
        Files.writeString(spec, SweepFixtures.spec(250, 0));
        Path out = root.resolve("reference");
        Cli.Result result = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        reference = withoutTimes(RunSweep.summary(out));
    }

    @Test
    void aSweepKilledWithSigkillResumesToTheSameSummary() throws Exception {
        Path out = root.resolve("killed");
        Process sweep = RunSweep.start(out, "--parallel", "2");
        List<String> lines = RunSweep.collect(sweep);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines.stream().filter(l -> l.contains(" done ")).count() < 4 && sweep.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sweep.isAlive()).as("the sweep was still running when killed; output:\n%s", lines).isTrue();
        List<ProcessHandle> workers = sweep.descendants().toList();
        assertThat(workers).as("worker JVMs").hasSize(2);
        sweep.destroyForcibly();   // SIGKILL: no shutdown hook runs
        sweep.waitFor();
        for (ProcessHandle worker : workers) {
            // the workers notice their parent is gone and halt (within a second)
            worker.onExit().get(10, TimeUnit.SECONDS);
        }
        long finished = runDirectories(out).size();
        assertThat(finished).isBetween(4L, 11L);

        Cli.Result resumed = Cli.run(plugins, "sweep", spec.toString(), "--out", out.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.progressLines().stream().filter(l -> l.endsWith("skipped (finished before)")))
                .hasSize((int) finished);
        assertThat(resumed.progressLines().stream().filter(l -> l.contains(" done "))).hasSize(12 - (int) finished);
        assertThat(withoutTimes(RunSweep.summary(out))).isEqualTo(reference);
        // nothing half-written is left: no staging directories, no temporary files (the run-id lock files under
        // <out>/.locks stay: deleting a lock file another process may be waiting on would break the lock)
        assertThat(runDirectories(out)).hasSize(12);
        try (Stream<Path> all = Files.walk(out)) {
            assertThat(all.filter(p -> !out.relativize(p).startsWith(".locks")).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".")).toList()).isEmpty();
        }
    }

    @Test
    void shardsRunAsSeparateProcessesAndMergedByReportGiveTheLocalSummary() throws Exception {
        Path first = root.resolve("machine-0");
        Path second = root.resolve("machine-1");
        Process a = RunSweep.start(first, "--shard", "0/2");
        Process b = RunSweep.start(second, "--shard", "1/2");
        List<String> aLines = RunSweep.collect(a);
        List<String> bLines = RunSweep.collect(b);
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(String.join("\n", aLines)).isZero();
        assertThat(b.exitValue()).as(String.join("\n", bLines)).isZero();
        assertThat(runDirectories(first)).hasSize(6);
        assertThat(runDirectories(second)).hasSize(6);

        Path merged = root.resolve("merged");
        copyTree(first, merged);
        copyTree(second, merged);   // the manifests are identical; the run directories disjoint
        Cli.Result report = Cli.run(plugins, "report", merged.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("12 trials: 12 done, 0 failed, 0 running, 0 pending");
        assertThat(withoutTimes(RunSweep.summary(merged))).isEqualTo(reference);
    }

    @Test
    void aTrialThatKillsItsWorkerJvmIsRecordedAndTheOthersStillRun() throws Exception {
        Path out = root.resolve("crashing");
        // 6 trials (one seed); the two with 8 steps halt their worker JVM outright
        Process sweep = RunSweep.start(out, "--parallel", "2", "--set", "sweep.repeat=1", "--set",
                "sampling.solver.halt_at_steps=8", "--set", "sampling.solver.delay_ms=0");
        List<String> lines = RunSweep.collect(sweep);
        assertThat(sweep.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(sweep.exitValue()).as(String.join("\n", lines)).isEqualTo(1);
        List<String> progress = lines.stream().filter(l -> l.startsWith("[")).toList();
        assertThat(progress).hasSize(6);
        assertThat(progress.stream().filter(l -> l.contains("steps=8 ")))
                .hasSize(2).allSatisfy(l -> assertThat(l).contains("FAILED: the worker JVM died while running this"
                        + " trial (exit code 9)"));
        assertThat(progress.stream().filter(l -> l.contains(" done "))).hasSize(4);
        Path sweepDirectory = SweepRunTest.onlySweep(out);
        try (Stream<Path> failures = Files.list(sweepDirectory.resolve(Failures.DIRECTORY))) {
            assertThat(failures).hasSize(2);
        }
        assertThat(runDirectories(out)).hasSize(4);
        // the workers' libgomp threads sleep at barriers: the worker environment says so (libgomp reads it at load)
        for (Path run : runDirectories(out)) {
            var engine = tools.jackson.databind.json.JsonMapper.builder().build()
                    .readTree(run.resolve("run.json").toFile()).get("engine");
            assertThat(engine.get("omp_wait_policy").asString())
                    .isEqualTo(System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));
            assertThat(engine.get("gomp_spincount").asString())
                    .isEqualTo(System.getenv().getOrDefault("GOMP_SPINCOUNT", "10000"));
        }
    }

    private static List<Path> runDirectories(Path out) throws IOException {
        try (Stream<Path> entries = Files.list(out.resolve("sweep-test"))) {
            return entries.filter(p -> !p.getFileName().toString().equals("sweeps"))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    /** The summary without its wall-time columns (which vary between runs of identical trials). */
    static String withoutTimes(String csv) {
        List<String> lines = csv.lines().toList();
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!SummaryCsv.TIME_COLUMNS.contains(header.get(i))) {
                keep.add(i);
            }
        }
        return lines.stream().map(l -> {
            String[] cells = l.split(",", -1);
            return keep.stream().map(i -> cells[i]).collect(Collectors.joining(","));
        }).collect(Collectors.joining("\n"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Starts {@code difflab sweep} in a child JVM with this test's class path. */
    static final class RunSweep {
        static Process start(Path out, String... extra) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), WorkerCommandLine.MAIN,
                    "--plugins", plugins.toString(), "sweep", spec.toString(), "--out", out.toString()));
            command.addAll(List.of(extra));
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        }

        /** Collects the process's output lines as they come. */
        static List<String> collect(Process process) {
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // process gone
                }
            });
            reader.setDaemon(true);
            reader.start();
            return lines;
        }

        static String summary(Path out) throws IOException {
            return Files.readString(SweepRunTest.onlySweep(out).resolve("summary.csv"));
        }
    }
}
