package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.difflab.core.sweep.Cli;
import org.difflab.core.sweep.SweepFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run is finished only when its completion record and the files it lists are there; concurrent runs of one spec into
 * one results root never break each other.
 */
class RunCompletionTest {

    @TempDir
    Path temp;

    Path plugins;
    Path spec;
    Path results;

    @BeforeEach
    void setUp() throws IOException {
        plugins = Files.createDirectories(temp.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        spec = Files.writeString(temp.resolve("spec.yaml"), """
                experiment: complete
                seed: 3
                data: {type: mixture, means: [[-1.0], [1.0]], stds: [0.3, 0.3]}
                process: {type: edm-like, sigma_min: 0.01, sigma_max: 20}
                model: {type: exact}
                parameterization: {type: x0}
                preconditioner: {type: none}
                sampling:
                  solver: {type: test-euler}
                  schedule: {type: rho, steps: 4}
                  count: 50
                evaluation: {metrics: [mean_gap], plots: false}
                """);
        results = temp.resolve("results");
    }

    @Test
    void aDirectoryWithoutItsCompletionRecordIsRunAgain() throws IOException {
        Cli.Result first = run();
        Path runDirectory = onlyRun();
        assertThat(runDirectory.resolve(RunDirectory.COMPLETION)).isRegularFile();
        assertThat(Files.readString(runDirectory.resolve(RunDirectory.COMPLETION))).contains("\"run.json\"")
                .contains("\"sha256\"");
        assertThat(run().out()).contains("already finished");

        // an interrupted copy: the directory and its spec, nothing else
        deleteTree(runDirectory);
        Files.createDirectories(runDirectory);
        Files.writeString(runDirectory.resolve("spec.yaml"), "experiment: complete\n");
        Cli.Result again = run();

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("is not a finished run: it has no complete.json").contains("results:");
        assertThat(runDirectory.resolve("run.json")).isRegularFile();
        assertThat(RunDirectory.isComplete(results, "complete", runDirectory.getFileName().toString())).isTrue();
        assertThat(first.exitCode()).isZero();
    }

    @Test
    void aTruncatedFileMakesTheRunIncompleteNamingTheFile() throws IOException {
        run();
        Path runDirectory = onlyRun();
        Path runJson = runDirectory.resolve("run.json");
        long size = Files.size(runJson);
        Files.write(runJson, new byte[10]);

        Cli.Result again = run();

        assertThat(again.out()).contains("is not a finished run: run.json has 10 bytes, its completion record says "
                + size);
        assertThat(RunDirectory.isComplete(results, "complete", runDirectory.getFileName().toString())).isTrue();
    }

    @Test
    void twoConcurrentRunsOfOneSpecProduceOneRunAndBothSucceed() throws Exception {
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> Difflab(results));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> Difflab(results));

        assertThat(a.get()).isZero();
        assertThat(b.get()).isZero();
        Path runDirectory = onlyRun();
        assertThat(RunDirectory.isComplete(results, "complete", runDirectory.getFileName().toString())).isTrue();
        assertThat(hidden()).noneMatch(name -> name.contains(".partial"));
    }

    @Test
    void aRunWaitsWhileAnotherProcessHoldsItsLockAndLeavesItsStagingAlone() throws Exception {
        run();
        String runId = onlyRun().getFileName().toString();
        deleteTree(onlyRun());
        Path experiment = results.resolve("complete");
        Path othersStaging = Files.createDirectories(experiment.resolve("." + runId + ".partial.other"));
        // another process's lock: a child JVM holds it until told to stop
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(),
                results.resolve(".locks").resolve("complete." + runId + ".lock").toString()).redirectErrorStream(true).start();
        assertThat(new String(holder.getInputStream().readNBytes(7))).isEqualTo("locked\n");

        CompletableFuture<Cli.Result> waiting = CompletableFuture.supplyAsync(this::run);
        Thread.sleep(3000);   // not a timing assertion: only gives the run time to reach the lock
        assertThat(waiting).isNotDone();
        assertThat(othersStaging).isDirectory();
        holder.getOutputStream().close();   // the holder exits; its lock dies with it
        holder.waitFor();

        Cli.Result result = waiting.get();
        assertThat(result.out()).contains("is being written by another difflab process; waiting for it");
        assertThat(RunDirectory.isComplete(results, "complete", runId)).isTrue();
    }

    /** Holds a file lock until its standard input closes (the "other process" of the lock test). */
    public static final class LockHolder {
        public static void main(String[] args) throws IOException {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                System.out.print("locked\n");
                System.out.flush();
                System.in.read();
            }
        }
    }

    private int Difflab(Path out) {
        return org.difflab.core.cli.Difflab.execute("--plugins", plugins.toString(), "run", spec.toString(), "--out",
                out.toString());
    }

    private Cli.Result run() {
        return Cli.run(plugins, "run", spec.toString(), "--out", results.toString());
    }

    private Path onlyRun() throws IOException {
        try (Stream<Path> entries = Files.list(results.resolve("complete"))) {
            List<Path> runs = entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
            assertThat(runs).hasSize(1);
            return runs.get(0);
        }
    }

    private List<String> hidden() throws IOException {
        try (Stream<Path> entries = Files.list(results.resolve("complete"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
