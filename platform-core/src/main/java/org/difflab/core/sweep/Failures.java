package org.difflab.core.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.spec.SpecWriter;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Failure records of a sweep: {@code <sweep dir>/failures/<run-id>.json} with the trial, the error and the
 * end of the run's log, written atomically. A failed trial is tried again when the sweep is run again; its
 * record is removed once it succeeds (a finished run directory always wins over a failure record).
 */
public final class Failures {

    /** The directory name under a sweep directory. */
    public static final String DIRECTORY = "failures";

    private Failures() {}

    /** The failure record of a run. */
    public static Path file(Path sweepDirectory, String runId) {
        return sweepDirectory.resolve(DIRECTORY).resolve(runId + ".json");
    }

    /** Records that trial {@code trial} failed. */
    public static void record(Path sweepDirectory, SweepManifest.Trial trial, String error, List<String> logTail) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("index", trial.index());
        node.put("run_id", trial.runId());
        ObjectNode values = node.putObject("values");
        trial.values().forEach((k, v) -> values.set(k, v.deepCopy()));
        node.put("seed", trial.seed());
        node.put("error", error);
        node.put("failed_at", Instant.now().toString());
        node.put("host", host());
        var log = node.putArray("log_tail");
        logTail.forEach(log::add);
        AtomicFiles.writeString(file(sweepDirectory, trial.runId()), SpecWriter.json(node) + "\n");
    }

    /** Removes a stale failure record after the run succeeded. */
    public static void clear(Path sweepDirectory, String runId) {
        try {
            Files.deleteIfExists(file(sweepDirectory, runId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
