package org.difflab.integration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The Slurm commands the tests use (sbatch, squeue, sacct, scancel, sinfo), run as processes. */
final class Slurm {

    /** Exit code and output (stdout and stderr together) of a command; exit code -1: it did not finish in time. */
    record Result(int exitCode, String output) {}

    /**
     * One line of {@code sacct -X}: an array task ({@code index} >= 0), a range of tasks that never started
     * ({@code 18_[4-5%2]}, index -1), or a plain job (index -1).
     */
    record Task(String jobId, int index, String state, String exitCode, LocalDateTime start, LocalDateTime end,
            String partition, String account, String timeLimit, String allocatedTres) {

        boolean ended() {
            return TERMINAL.contains(state);
        }
    }

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT",
            "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE");
    private static final String SACCT_FIELDS = "JobID,State,ExitCode,Start,End,Partition,Account,Timelimit,AllocTRES";

    private Slurm() {}

    /** Runs a command (in {@code directory}, with extra environment variables) and waits up to {@code timeout}. */
    static Result run(Path directory, Map<String, String> environment, Duration timeout, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // read while it runs, so a chatty command never blocks on a full pipe
            var reader = process.inputReader(StandardCharsets.UTF_8);
            StringBuilder output = new StringBuilder();
            Thread drain = new Thread(() -> reader.lines().forEach(l -> output.append(l).append('\n')));
            drain.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s");
            }
            drain.join();
            return new Result(process.exitValue(), output.toString());
        } catch (IOException e) {
            return new Result(127, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a command that must finish within a minute. */
    static Result run(String... command) {
        Result result = run(null, Map.of(), Duration.ofSeconds(60), command);
        if (result.exitCode() == -1) {
            throw new AssertionError(result.output());
        }
        return result;
    }

    /** Why no cluster can be used here, or null if {@code sinfo} answers with a node. */
    static String unavailable() {
        Result sinfo = run(null, Map.of(), Duration.ofSeconds(20), "sinfo", "-h", "-o", "%T");
        if (sinfo.exitCode() != 0) {
            return "no Slurm cluster answers (sinfo: " + sinfo.output().strip() + ")";
        }
        if (sinfo.output().isBlank()) {
            return "sinfo lists no nodes";
        }
        return null;
    }

    /** The cluster's ClusterName. */
    static String clusterName() {
        for (String line : run("scontrol", "show", "config").output().split("\n")) {
            if (line.startsWith("ClusterName")) {
                return line.substring(line.indexOf('=') + 1).strip();
            }
        }
        return "";
    }

    /** sbatch --parsable ARGS...: the job id. */
    static String submit(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(List.of(arguments));
        Result result = run(directory, Map.of(), Duration.ofSeconds(60), command.toArray(String[]::new));
        if (result.exitCode() != 0) {   // also -1: no answer within a minute
            throw new AssertionError(String.join(" ", command) + " failed: " + result.output());
        }
        return result.output().strip().split(";")[0];
    }

    static void cancel(String jobId) {
        run("scancel", jobId);
    }

    /** sacct's allocation lines of a job (its array tasks), oldest first. */
    static List<Task> accounting(String jobId) {
        Result result = run("sacct", "-j", jobId, "-X", "-P", "-n", "-o", SACCT_FIELDS);
        List<Task> tasks = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f.length != 9) {
                continue;
            }
            String id = f[0];
            int index = id.matches("\\d+_\\d+") ? Integer.parseInt(id.substring(id.indexOf('_') + 1)) : -1;
            tasks.add(new Task(id, index, f[1].split(" ")[0], f[2], time(f[3]), time(f[4]), f[5], f[6], f[7], f[8]));
        }
        return tasks;
    }

    private static LocalDateTime time(String text) {
        return text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d") ? LocalDateTime.parse(text) : null;
    }

    /**
     * Waits until the job has left the queue and sacct shows every allocation ended ({@code tasks} array tasks
     * of their own, if {@code tasks} > 0); sacct lags squeue by a few seconds.
     */
    static List<Task> awaitEnd(String jobId, int tasks, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Task> accounting = List.of();
        while (System.nanoTime() < deadline) {
            Result queue = run("squeue", "-h", "-j", jobId, "-o", "%i %T");
            boolean queued = queue.exitCode() == 0 && !queue.output().isBlank();
            accounting = accounting(jobId);
            boolean ended = !accounting.isEmpty() && accounting.stream().allMatch(Task::ended)
                    && (tasks == 0 || accounting.stream().filter(t -> t.index() >= 0).count() == tasks);
            if (!queued && ended) {
                return accounting;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + jobId + " did not end within " + timeout + "; sacct: " + accounting
                + "\nsqueue: " + run("squeue").output());
    }
}
