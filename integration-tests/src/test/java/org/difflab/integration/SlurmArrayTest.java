package org.difflab.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A sweep emitted with {@code difflab sweep --emit slurm} runs on a real Slurm cluster: submitted with sbatch as a
 * job array with a %2 concurrency limit, killed mid-run with scancel, resubmitted, and reported by a dependent job.
 *
 * <p>Runs where {@code sinfo} answers ({@code .ci/run} starts a single-node cluster with
 * {@code .ci/slurm-cluster start}); elsewhere it is skipped with the reason, unless {@code DIFFLAB_REQUIRE_SLURM=1}
 * (set by CI), where no cluster is a failure.
 *
 * <p>The sweep: six solvers on the exact denoiser of a 2-D ring of Gaussians; the sixth, adaptive RK45 limited to 10
 * denoiser evaluations, cannot reach the data end within its budget and fails at run time (a real failure of the
 * product, not a test hook).
 */
@Tag("slurm")
class SlurmArrayTest {

    private static final Path ROOT = Path.of(System.getProperty("difflab.root", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("difflab.test.work", "target/work")).toAbsolutePath()
            .resolve("slurm");
    private static final Path LAUNCHER = ROOT.resolve("bin").resolve("difflab");
    private static final int TRIALS = 6;
    private static final int FAILING = 5;
    /** The tasks get one CPU, so PyTorch runs one thread there; the local reference run uses one too. */
    private static final Map<String, String> ONE_THREAD = Map.of("DIFFLAB_JAVA_OPTS", "-Dai.djl.pytorch.num_threads=1");
    private static final String SPEC = """
            experiment: slurm-sweep
            seed: 7
            data: {type: gmm-ring, components: 8, radius: 2.0, std: 0.2}
            process: {type: edm, sigma_min: 0.002, sigma_max: 80}
            model: {type: exact}
            parameterization: {type: eps}
            preconditioner: {type: edm, sigma_data: 0.5}
            sampling:
              solver: {type: heun}
              schedule: {type: karras, steps: 18, rho: 7}
              count: 4000
              precision: float64
            evaluation:
              metrics: [energy_distance, exact_nll]
              plots: false
            sweep:
              grid:
                sampling.solver: [euler, heun, dpmpp-2m, lms, dpm-solver, {type: rk45, max_nfe: 10}]
              slurm: {time: 10, mem: 1G, cpus_per_task: 1}
            """;
    /** A task's progress line: "[1/1] #3  solver=lms  done  energy_distance=0.0031  (2.77 s)". */
    private static final Pattern PROGRESS = Pattern.compile("^\\[\\d+/\\d+\\] #(\\d+) .*?  (done|skipped \\(finished"
            + " before\\)|FAILED)(:| |$)");

    private final List<String> submitted = new ArrayList<>();

    @BeforeEach
    void aClusterAnswers() {
        String reason = Slurm.unavailable();
        if (reason == null) {
            System.out.println("SlurmArrayTest: " + Slurm.run("sinfo", "--version").output().strip() + ", cluster '"
                    + Slurm.clusterName() + "':\n" + Slurm.run("sinfo").output());
            return;
        }
        if ("1".equals(System.getenv("DIFFLAB_REQUIRE_SLURM"))) {
            Assertions.fail("DIFFLAB_REQUIRE_SLURM=1 but " + reason + "; did .ci/slurm-cluster start succeed?");
        }
        System.out.println("SlurmArrayTest SKIPPED: " + reason + " (start a test cluster as root with"
                + " .ci/slurm-cluster start)");
        Assumptions.abort(reason);
    }

    @Test
    void anEmittedSweepRunsAsAJobArrayAndSurvivesBeingKilledMidRun() throws Exception {
        long started = System.nanoTime();
        try {
            run();
        } finally {
            submitted.forEach(Slurm::cancel);   // nothing left behind if an assertion failed half-way
            System.out.printf("SlurmArrayTest: %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    private void run() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        Path spec = WORK.resolve("spec.yaml");
        Files.writeString(spec, SPEC);
        Path shared = WORK.resolve("shared");

        // Build once before submitting: after mvn install this only checks that the build is current.
        Slurm.Result version = launcher(WORK, Map.of(), "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();

        // The cluster-specific settings exist on the project's test cluster (.ci/slurm-cluster); elsewhere the
        // cluster's defaults are used.
        boolean testCluster = "difflab".equals(Slurm.clusterName());
        List<String> emit = new ArrayList<>(List.of("sweep", spec.toString(), "--out", shared.toString(), "--emit",
                "slurm", "--max-concurrent", "2"));
        if (testCluster) {
            emit.addAll(List.of("--partition", "debug", "--account", "difflab-ci", "--gres", "gpu:1",
                    "--sbatch=--comment=difflab-integration-test"));
        }
        Slurm.Result emitted = launcher(WORK, Map.of(), emit.toArray(String[]::new));
        assertThat(emitted.exitCode()).as(emitted.output()).isZero();
        Path sweep = single(shared.resolve("slurm-sweep").resolve("sweeps"));
        Path logs = sweep.resolve("slurm");
        assertThat(logs).as("the log directory exists before submission").isDirectory();
        Path script = sweep.resolve("slurm.sh");

        // 1. Submit; once a trial has finished and another has just begun, kill the array.
        long phase = System.nanoTime();
        String first = submit(script.toString());
        Path runs = shared.resolve("slurm-sweep");
        awaitMidRun(first, logs, runs, Duration.ofMinutes(5));
        Slurm.cancel(first);
        Slurm.awaitEnd(first, 0, Duration.ofMinutes(2));
        List<Slurm.Task> cancelled = awaitKilledWhileRunning(first, Duration.ofSeconds(30));
        System.out.printf("SlurmArrayTest: array %s killed mid-run after %.1f s: %s%n", first,
                (System.nanoTime() - phase) / 1e9, cancelled);
        assertThat(cancelled).as("a task was killed while running").anySatisfy(t -> {
            assertThat(t.index()).as("an array task's own line").isNotNegative();
            assertThat(t.state()).isEqualTo("CANCELLED");
            assertThat(t.start()).isNotNull();
        });
        Map<String, String> finishedBefore = runJsons(runs);
        assertThat(finishedBefore).as("trials that finished before the kill").isNotEmpty().hasSizeLessThan(TRIALS);
        assertThat(sweep.resolve("summary.csv")).as("the tasks themselves write no summary").doesNotExist();

        // 2. Resubmit the same script, and chain the report after it.
        phase = System.nanoTime();
        String second = submit(script.toString());
        String report = submit("--dependency=afterany:" + second, sweep.resolve("slurm-report.sh").toString());
        List<Slurm.Task> tasks = Slurm.awaitEnd(second, TRIALS, Duration.ofMinutes(10));
        List<Slurm.Task> reportJob = Slurm.awaitEnd(report, 0, Duration.ofMinutes(5));
        System.out.printf("SlurmArrayTest: resubmitted array %s and report job %s ended after %.1f s%n%s%n%s%n",
                second, report, (System.nanoTime() - phase) / 1e9, tasks, reportJob);
        String logText = logs(logs);

        // Every task of the resubmission ended as its trial did: the trial forced to fail is FAILED with exit
        // code 1, the others COMPLETED
        assertThat(tasks).as(logText).hasSize(TRIALS).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(t.index() == FAILING ? "FAILED" : "COMPLETED");
            assertThat(t.exitCode()).isEqualTo(t.index() == FAILING ? "1:0" : "0:0");
            assertThat(t.timeLimit()).isEqualTo("00:10:00");
            assertThat(t.allocatedTres()).contains("cpu=1", "mem=1G");
            if (testCluster) {
                assertThat(t.partition()).isEqualTo("debug");
                assertThat(t.account()).isEqualTo("difflab-ci");
                assertThat(t.allocatedTres()).contains("gres/gpu=1");
            }
        });
        // %2: never more than two tasks at once, and two at once at some point
        assertThat(mostAtOnce(tasks)).as(tasks.toString()).isEqualTo(2);

        // The dependent job ran after the last task had ended and wrote summary and report
        assertThat(reportJob).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo("COMPLETED");
            LocalDateTime lastEnd = tasks.stream().map(Slurm.Task::end).max(Comparator.naturalOrder()).orElseThrow();
            assertThat(r.start()).isAfterOrEqualTo(lastEnd);
        });
        assertThat(logText).contains("6 trials: 5 done, 1 failed, 0 running, 0 pending");
        assertThat(sweep.resolve("report.html")).isRegularFile();
        List<CSVRecord> cluster = csv(sweep.resolve("summary.csv"));
        assertThat(cluster).extracting(r -> r.get("status")).containsExactly("done", "done", "done", "done", "done",
                "failed");
        assertThat(cluster.get(FAILING).get("error")).startsWith("rk45 would exceed max_nfe=10");

        // Nothing lost, nothing duplicated: the resubmission skipped the trials finished before the kill (their
        // results left as they were), ran every other one, and retried the failed one; no trial was reported done
        // twice over both submissions (a task killed just after its results were renamed into place never prints
        // its "done": at most one); no half-written run is left
        Map<Integer, List<String>> outcomes = outcomes(logs, second);
        for (CSVRecord row : cluster) {
            int index = Integer.parseInt(row.get("index"));
            String expected = index == FAILING ? "FAILED"
                    : finishedBefore.containsKey(row.get("run_id")) ? "skipped (finished before)" : "done";
            assertThat(outcomes.get(index)).as("trial " + index + " in the resubmission\n" + logText)
                    .containsExactly(expected);
        }
        Map<Integer, Integer> doneLines = countDone(logs);
        for (int index = 0; index < TRIALS; index++) {
            assertThat(doneLines.getOrDefault(index, 0)).as("'done' lines of trial " + index + "\n" + logText)
                    .isLessThanOrEqualTo(index == FAILING ? 0 : 1);
        }
        assertThat(runJsons(runs)).hasSize(TRIALS - 1).containsAllEntriesOf(finishedBefore);
        assertThat(hiddenEntries(runs)).as("staging directories left behind").isEmpty();

        // 3. The same sweep run locally (one process, one PyTorch thread like each task) gives the same summary,
        // apart from timings
        phase = System.nanoTime();
        Path local = WORK.resolve("local");
        Slurm.Result localRun = launcher(WORK, ONE_THREAD, "sweep", spec.toString(), "--out", local.toString());
        assertThat(localRun.exitCode()).as(localRun.output()).isEqualTo(1);   // one trial failed
        System.out.printf("SlurmArrayTest: local run %.1f s%n", (System.nanoTime() - phase) / 1e9);
        List<CSVRecord> reference = csv(single(local.resolve("slurm-sweep").resolve("sweeps")).resolve("summary.csv"));
        assertThat(cluster.get(0).getParser().getHeaderNames()).isEqualTo(reference.get(0).getParser().getHeaderNames());
        assertThat(withoutTimings(cluster)).isEqualTo(withoutTimings(reference));
    }

    /** bin/difflab ARGS... with the given environment, in {@code directory}. */
    private static Slurm.Result launcher(Path directory, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(arguments));
        Slurm.Result result = Slurm.run(directory, environment, Duration.ofMinutes(10), command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isNotEqualTo(-1);
        return result;
    }

    private String submit(String... arguments) {
        String id = Slurm.submit(WORK, arguments);
        submitted.add(id);
        return id;
    }

    /**
     * Returns once a trial has finished and a task of the array has started that could only start after one had
     * ended (index 2 or above; at most two run at once): its log file exists, which Slurm opens when it launches the
     * task, before the script runs. That task has its JVM start (about a second) and its trial ahead, so the cancel
     * reaches it mid-run. Two earlier signals were racy (CI, 2026-12-03): a staging directory newly seen (a trial's
     * exists only for its last half second or so, and one that began with the first could be seen late and finish
     * before the cancel landed), and squeue's RUNNING (shown before the launch; cancelled then, a task never
     * starts).
     */
    private static void awaitMidRun(String jobId, Path logs, Path runs, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern laterTask = Pattern.compile(Pattern.quote(jobId) + "_([2-9]|\\d{2,})\\.out");
        while (System.nanoTime() < deadline) {
            boolean launched;
            try (Stream<Path> files = Files.list(logs)) {
                launched = files.anyMatch(f -> laterTask.matcher(f.getFileName().toString()).matches());
            }
            if (launched && !runJsons(runs).isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no task began after another had finished within " + timeout + "\n"
                + Slurm.run("squeue").output());
    }

    /**
     * sacct's lines of the cancelled array once one shows a task of its own cancelled after it had started, or as they are
     * after {@code timeout}: a task cancelled within a second of its launch reaches the accounting a few seconds
     * after the array has left the queue (until then sacct lists it among the pending ones).
     */
    private static List<Slurm.Task> awaitKilledWhileRunning(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Slurm.Task> tasks = Slurm.accounting(jobId);
        while (System.nanoTime() < deadline && tasks.stream()
                .noneMatch(t -> t.index() >= 0 && "CANCELLED".equals(t.state()) && t.start() != null)) {
            Thread.sleep(250);
            tasks = Slurm.accounting(jobId);
        }
        return tasks;
    }

    /** run id to the content of its run.json, for every complete run. */
    private static Map<String, String> runJsons(Path runs) throws IOException {
        Map<String, String> result = new LinkedHashMap<>();
        if (!Files.isDirectory(runs)) {
            return result;
        }
        try (Stream<Path> entries = Files.list(runs)) {
            for (Path run : entries.sorted().toList()) {
                Path json = run.resolve("run.json");
                if (run.getFileName().toString().matches("[0-9a-f]{12}") && Files.isRegularFile(json)) {
                    result.put(run.getFileName().toString(), Files.readString(json));
                }
            }
        }
        return result;
    }

    /** Hidden entries of the experiment directory: runs being written (or left by a killed task). */
    private static List<String> hiddenEntries(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(runs)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && n.contains(".partial"))
                    .toList();
        }
    }

    /** Trial index to the outcomes printed by the tasks of array {@code jobId}. */
    private static Map<Integer, List<String>> outcomes(Path logs, String jobId) throws IOException {
        Map<Integer, List<String>> outcomes = new HashMap<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(jobId + "_")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    Matcher m = PROGRESS.matcher(line);
                    if (m.find()) {
                        outcomes.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>()).add(m.group(2));
                    }
                }
            }
        }
        return outcomes;
    }

    /** Trial index to the number of "done" lines in every task log of the sweep (both submissions). */
    private static Map<Integer, Integer> countDone(Path logs) throws IOException {
        Map<Integer, Integer> done = new HashMap<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("\\d+_\\d+\\.out")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    Matcher m = PROGRESS.matcher(line);
                    if (m.find() && m.group(2).equals("done")) {
                        done.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
                    }
                }
            }
        }
        return done;
    }

    /** Every log of the sweep's directory, for failure messages. */
    private static String logs(Path logs) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.sorted().toList()) {
                text.append("--- ").append(file.getFileName()).append('\n').append(Files.readString(file));
            }
        }
        return text.toString();
    }

    /** The largest number of tasks running at one moment (sacct's start and end, to the second). */
    static int mostAtOnce(List<Slurm.Task> tasks) {
        int most = 0;
        for (Slurm.Task t : tasks) {
            LocalDateTime moment = t.start();
            int running = (int) tasks.stream().filter(o -> !o.start().isAfter(moment) && o.end().isAfter(moment))
                    .count();
            most = Math.max(most, running);
        }
        return most;
    }

    private static List<Map<String, String>> withoutTimings(List<CSVRecord> rows) {
        List<Map<String, String>> result = new ArrayList<>();
        for (CSVRecord row : rows) {
            Map<String, String> values = new LinkedHashMap<>(row.toMap());
            values.remove("sampling_seconds");
            values.remove("wall_seconds");
            result.add(values);
        }
        return result;
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }

    private static Path single(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> all = entries.filter(Files::isDirectory).toList();
            assertThat(all).as("directories in " + directory).hasSize(1);
            return all.get(0);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
