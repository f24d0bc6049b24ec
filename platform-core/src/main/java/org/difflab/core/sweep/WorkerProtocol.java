package org.difflab.core.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The conversation between a sweep and its worker JVMs, one line per message. The worker writes
 * {@code @difflab ready <sweep-id> [start-up timings]} once its plugins are loaded, the sweep is expanded and
 * the engine is up, then, for every
 * {@code run <index>} it reads on stdin, runs that trial and writes {@code @difflab outcome <json>}. End of
 * input means no more work. Other stdout lines (a plugin's stray prints) are ignored by the parent.
 *
 * <p>A worker halts at once when its parent process is gone (even killed with SIGKILL, which the parent
 * cannot catch), so a killed sweep leaves no orphan still computing; what an interrupted run wrote is in a
 * hidden staging directory that the next attempt at that run removes.
 */
public final class WorkerProtocol {

    static final String PREFIX = "@difflab ";
    static final String READY = PREFIX + "ready ";
    static final String OUTCOME = PREFIX + "outcome ";
    static final String RUN = "run ";

    private WorkerProtocol() {}

    /**
     * The worker's side: serves trials until end of input.
     *
     * @param runner runs one trial in this JVM
     * @param sweepId announced in the ready line (the parent checks it matches its own expansion), optionally
     *     followed by a space and start-up timings (key=seconds ...) that the parent reports
     * @param in requests
     * @param protocol where messages go (the real stdout; System.out is redirected to stderr meanwhile)
     * @param parentPid the parent's process id, watched
     */
    public static void serve(TrialRunner runner, String sweepId, InputStream in, PrintStream protocol,
            long parentPid) throws IOException {
        watchParent(parentPid);
        protocol.println(READY + sweepId);
        protocol.flush();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (!line.startsWith(RUN)) {
                continue;
            }
            int index = Integer.parseInt(line.substring(RUN.length()).trim());
            TrialOutcome outcome = runner.run(index);
            protocol.println(OUTCOME + outcome.toJsonLine());
            protocol.flush();
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WATCHING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Halts this JVM as soon as the parent process is gone (checked four times a second). A worker calls it first
     * thing, so that one still starting (plugins, engine: seconds on a busy machine) does not outlive a killed
     * parent; later calls do nothing.
     */
    public static void watchParent(long parentPid) {
        if (parentPid <= 0 || !WATCHING.compareAndSet(false, true)) {
            return;
        }
        Thread watchdog = new Thread(() -> {
            while (true) {
                boolean alive = ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    Runtime.getRuntime().halt(3);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "difflab-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Reads lines of a worker's output, skipping anything that is not a protocol message. */
    static String nextMessage(BufferedReader reader) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(PREFIX)) {
                return line;
            }
        }
        return null;
    }

    static InputStream stdin() {
        return new java.io.FileInputStream(java.io.FileDescriptor.in);
    }
}
