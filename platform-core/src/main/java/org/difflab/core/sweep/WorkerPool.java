package org.difflab.core.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Runs trials in N worker JVMs. Each worker starts once (JVM, plugins, engine), then runs trials one at a
 * time, pulling the next index from a shared queue as it finishes the last, so the start-up cost is paid N
 * times per sweep rather than once per trial, and a slow trial never holds up the others. A worker that
 * dies mid-trial (crash, out of memory) fails that trial only; a fresh worker takes its place.
 */
public final class WorkerPool implements TrialBackend {

    private static final int STDERR_TAIL = 40;
    private static final int MAX_RESTARTS = 3;

    private final int size;
    private final List<String> command;
    private final String sweepId;
    private final PrintStream verboseErr;
    private final Consumer<TrialOutcome> onWorkerDeath;
    private final PrintStream notes;
    private final List<Process> live = new CopyOnWriteArrayList<>();

    /**
     * @param size number of worker JVMs
     * @param command the worker's command line (see {@link WorkerCommandLine})
     * @param sweepId the sweep id every worker must announce
     * @param verboseErr where workers' stderr is copied, or null to keep only the tail for error messages
     * @param onWorkerDeath records a trial whose worker died under it (the worker could not)
     * @param notes where each worker's start-up time is reported, or null
     */
    public WorkerPool(int size, List<String> command, String sweepId, PrintStream verboseErr,
            Consumer<TrialOutcome> onWorkerDeath, PrintStream notes) {
        this.size = size;
        this.command = List.copyOf(command);
        this.sweepId = sweepId;
        this.verboseErr = verboseErr;
        this.onWorkerDeath = onWorkerDeath;
        this.notes = notes;
    }

    @Override
    public void run(List<Integer> indices, Consumer<TrialOutcome> sink) {
        Queue<Integer> queue = new ConcurrentLinkedQueue<>(indices);
        List<Throwable> startFailures = new CopyOnWriteArrayList<>();
        Thread hook = new Thread(this::destroyAll, "difflab-worker-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int w = 0; w < Math.min(size, indices.size()); w++) {
                int slot = w;
                Thread thread = new Thread(() -> serveSlot(slot, queue, sink, startFailures), "difflab-worker-" + w);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for workers", e);
        } finally {
            destroyAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
        if (!queue.isEmpty()) {
            Throwable first = startFailures.isEmpty() ? null : startFailures.get(0);
            throw new IllegalStateException("no worker JVM could be started; " + (first == null ? ""
                    : first.getMessage()), first);
        }
    }

    private void serveSlot(int slot, Queue<Integer> queue, Consumer<TrialOutcome> sink, List<Throwable> startFailures) {
        // a worker killed by a trial is replaced (each trial can kill at most one); a worker that cannot
        // even start is retried a few times, then this slot gives up and leaves the queue to the others
        int failedStarts = 0;
        while (!queue.isEmpty() && failedStarts <= MAX_RESTARTS) {
            Worker worker;
            try {
                worker = start(slot);
            } catch (IOException | RuntimeException e) {
                startFailures.add(e);
                failedStarts++;
                continue;
            }
            try {
                Integer index;
                while ((index = queue.poll()) != null) {
                    TrialOutcome outcome = worker.run(index);
                    if (outcome == null) {
                        String error = "the worker JVM died while running this trial (" + worker.exitDescription()
                                + ")" + worker.stderrTail();
                        TrialOutcome failed = TrialOutcome.failed(index, null, worker.secondsSinceRequest(), error);
                        onWorkerDeath.accept(failed);
                        sink.accept(failed);
                        break;
                    }
                    sink.accept(outcome);
                }
            } finally {
                worker.finish();
            }
        }
    }

    private Worker start(int slot) throws IOException {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(WorkerCommandLine.environment());
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        live.add(process);
        Worker worker = new Worker(process, slot);
        String ready = WorkerProtocol.nextMessage(worker.stdout);
        if (ready == null || !ready.startsWith(WorkerProtocol.READY)) {
            worker.finish();
            throw new IllegalStateException("worker JVM " + slot + " exited before it was ready ("
                    + worker.exitDescription() + ")" + worker.stderrTail());
        }
        String[] announcement = ready.substring(WorkerProtocol.READY.length()).trim().split(" ", 2);
        String announced = announcement[0];
        if (!announced.equals(sweepId)) {
            worker.finish();
            throw new IllegalStateException("worker JVM expanded the spec to sweep " + announced + ", expected "
                    + sweepId + " (did the spec or the plugins change meanwhile?)");
        }
        if (notes != null) {
            notes.printf("worker %d ready in %.2f s (%s)%n", slot, (System.nanoTime() - started) / 1e9,
                    announcement.length > 1 ? announcement[1] : "JVM start, plugins, sweep expansion, engine");
        }
        return worker;
    }

    private void destroyAll() {
        for (Process process : live) {
            process.destroyForcibly();
        }
    }

    /** One worker process. */
    private final class Worker {
        private final Process process;
        private final BufferedReader stdout;
        private final Writer stdin;
        private final Deque<String> stderr = new ArrayDeque<>();
        private final Thread stderrReader;
        private long requested;

        Worker(Process process, int slot) {
            this.process = process;
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.stderrReader = new Thread(() -> drain(slot), "difflab-worker-stderr-" + slot);
            stderrReader.setDaemon(true);
            stderrReader.start();
        }

        private void drain(int slot) {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.addLast(line);
                        if (stderr.size() > STDERR_TAIL) {
                            stderr.removeFirst();
                        }
                    }
                    if (verboseErr != null) {
                        verboseErr.println("[worker " + slot + "] " + line);
                    }
                }
            } catch (IOException e) {
                // the worker is gone
            }
        }

        /** Runs one trial; null if the worker died. */
        TrialOutcome run(int index) {
            requested = System.nanoTime();
            try {
                stdin.write(WorkerProtocol.RUN + index + "\n");
                stdin.flush();
                String message = WorkerProtocol.nextMessage(stdout);
                if (message == null || !message.startsWith(WorkerProtocol.OUTCOME)) {
                    return null;
                }
                return TrialOutcome.fromJsonLine(message.substring(WorkerProtocol.OUTCOME.length()));
            } catch (IOException e) {
                return null;
            }
        }

        double secondsSinceRequest() {
            return (System.nanoTime() - requested) / 1e9;
        }

        String exitDescription() {
            try {
                if (process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    int code = process.exitValue();
                    return "exit code " + code + (code > 128 ? ", signal " + (code - 128) : "");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "still running";
        }

        String stderrTail() {
            try {
                stderrReader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (stderr) {
                List<String> lines = stderr.stream().filter(l -> !l.isBlank()).toList();
                lines = lines.subList(Math.max(0, lines.size() - 8), lines.size());
                return lines.isEmpty() ? "" : "; its last output:\n    " + String.join("\n    ", lines);
            }
        }

        /** Ends the worker: end of input, then a few seconds to exit, then forcibly. */
        void finish() {
            try {
                stdin.close();
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            live.remove(process);
        }
    }
}
