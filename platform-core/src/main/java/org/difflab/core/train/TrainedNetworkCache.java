package org.difflab.core.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.io.ExclusiveLock;
import org.difflab.core.io.FileDigests;
import org.difflab.core.io.FileTrees;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Networks trained by earlier runs of a results directory, by training id ({@code RunInputs#trainingId}: the spec
 * without naming, sampling and evaluation, with its plugins' and files' identities and the platform version), so
 * that runs differing only in how they sample or evaluate (a guidance-weight or solver sweep) train once.
 *
 * <p>An entry is {@code <out>/.cache/network-<training-id>/}: {@code model.npz} and {@code model.yaml} (as in a run
 * directory), {@code loss.csv}, and {@code network.json} (the run that trained it, its training summary and the
 * SHA-256 of each file). It is written to a hidden directory and renamed into place, so it is whole or absent; an
 * entry whose files do not match their digests is reported, removed and trained again, never used. Runs wanting
 * the same id hold its lock ({@link ExclusiveLock}) from looking up to storing, so parallel sweep workers train it
 * once and the others wait for it.
 */
final class TrainedNetworkCache {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> FILES = List.of("model.npz", "model.yaml", "loss.csv");
    private static final String RECORD = "network.json";

    private final Path root;

    /** The cache of the results directory {@code out}. */
    TrainedNetworkCache(Path out) {
        this.root = out.resolve(".cache");
    }

    /** A stored network: its folder, the run that trained it and that run's training summary. */
    record Entry(Path directory, String trainedBy, TrainingLoop.Summary summary) {
        Path file(String name) {
            return directory.resolve(name);
        }
    }

    /** The entry's folder for a training id. */
    Path directory(String trainingId) {
        return root.resolve("network-" + trainingId);
    }

    /** Holds the training id's lock until closed (waiting, after saying so, while another run holds it). */
    AutoCloseable lock(String trainingId, PrintStream log) {
        return ExclusiveLock.hold(root.resolve("network-" + trainingId + ".lock"),
                "the network of training id " + trainingId, log);
    }

    /**
     * The stored network of {@code trainingId} if there is a usable one. An entry that fails a check is reported on
     * {@code log} ("not usable: why") and removed. Call with the id's lock held.
     */
    Optional<Entry> find(String trainingId, PrintStream log) {
        Path directory = directory(trainingId);
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try {
            JsonNode record = JSON.readTree(directory.resolve(RECORD).toFile());
            if (!trainingId.equals(record.path("training_id").asString())) {
                throw new IOException("it records training id " + record.path("training_id").asString());
            }
            for (String name : FILES) {
                Path file = directory.resolve(name);
                if (!Files.isRegularFile(file)) {
                    throw new IOException(name + " is missing");
                }
                if (!FileDigests.sha256(file).equals(record.path("sha256").path(name).asString())) {
                    throw new IOException(name + " does not match its recorded SHA-256");
                }
            }
            JsonNode s = record.path("summary");
            TrainingLoop.Summary summary = new TrainingLoop.Summary(s.path("steps").asInt(),
                    s.path("final_loss").asDouble(), s.path("seconds").asDouble(),
                    s.path("steps_per_second").asDouble(), s.path("steady_steps_per_second").asDouble(Double.NaN));
            return Optional.of(new Entry(directory, record.path("trained_by_run").asString(), summary));
        } catch (IOException | RuntimeException e) {
            log.printf("  the stored network %s is not usable: %s; training it again%n", directory, e.getMessage());
            FileTrees.delete(directory);
            return Optional.empty();
        }
    }

    /**
     * Stores the network a run has just trained: its files are copied from {@code runFiles} (a run's staging
     * directory), replacing any entry of the same id. Call with the id's lock held.
     */
    void store(String trainingId, Path runFiles, String trainedBy, TrainingLoop.Summary summary) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the trained network in " + root, e);
        }
        Path staging = AtomicFiles.stagingPath(root, "network-" + trainingId);
        try {
            Files.createDirectory(staging);
            ObjectNode record = JSON.createObjectNode();
            record.put("training_id", trainingId);
            record.put("trained_by_run", trainedBy);
            ObjectNode values = record.putObject("summary");
            values.put("steps", summary.steps());
            values.put("final_loss", summary.finalLoss());
            values.put("seconds", summary.seconds());
            values.put("steps_per_second", summary.stepsPerSecond());
            if (Double.isFinite(summary.steadyStepsPerSecond())) {
                values.put("steady_steps_per_second", summary.steadyStepsPerSecond());
            }
            ObjectNode digests = record.putObject("sha256");
            for (String name : FILES) {
                Files.copy(runFiles.resolve(name), staging.resolve(name));
                digests.put(name, FileDigests.sha256(staging.resolve(name)));
            }
            Files.writeString(staging.resolve(RECORD), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record));
            Path target = directory(trainingId);
            FileTrees.delete(target);
            Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the trained network in " + root, e);
        } finally {
            FileTrees.delete(staging);   // left only if storing failed
        }
    }

}
