package org.difflab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.difflab.api.model.NetworkWeights;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.io.FileTrees;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A training run's checkpoints, kept beside (not inside) the run's staging directory so they survive a crash:
 * {@code <out>/<experiment>/<run-id>.checkpoints/step-<n>/} with {@code state.npz} (weights, Adam moments, weight
 * average and the objective's extra networks, as NumPy arrays), {@code state.json} (step and loss history) and
 * {@code model.yaml} (what the weights are, for {@code model: {type: checkpoint}}). Each checkpoint is written to a
 * hidden directory and renamed into place, so the newest complete one is always usable; the two newest are kept.
 */
final class TrainingCheckpoints {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int KEEP = 2;

    private final Path root;
    private final String description;

    /** Checkpoints under {@code root}, each with {@code description} as its model.yaml. */
    TrainingCheckpoints(Path root, String description) {
        this.root = root;
        this.description = description;
    }

    Path root() {
        return root;
    }

    /** What a checkpoint restores. */
    record State(int step, Map<String, NDArray> weights, Map<String, NDArray> firstMoments,
            Map<String, NDArray> secondMoments, Map<String, NDArray> averages,
            Map<String, Map<String, NDArray>> extras, List<double[]> losses) {}

    /** The newest complete checkpoint's directory, if any. */
    Optional<Path> latest() {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().matches("step-\\d+"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a checkpoint and drops all but the newest {@value #KEEP}. */
    Path save(State state) {
        try {
            Files.createDirectories(root);
            Path staging = Files.createDirectory(AtomicFiles.stagingPath(root, "step"));
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            state.weights().forEach((k, v) -> arrays.put("weights/" + k, v));
            state.firstMoments().forEach((k, v) -> arrays.put("adam_m/" + k, v));
            state.secondMoments().forEach((k, v) -> arrays.put("adam_v/" + k, v));
            if (state.averages() != null) {
                state.averages().forEach((k, v) -> arrays.put("ema/" + k, v));
            }
            state.extras().forEach((name, weights) -> weights.forEach((k, v) -> arrays.put("extra/" + name + "/" + k, v)));
            NetworkWeights.write(staging.resolve("state.npz"), arrays);
            Files.writeString(staging.resolve("model.yaml"), description);
            ObjectNode meta = JSON.createObjectNode();
            meta.put("step", state.step());
            ArrayNode losses = meta.putArray("losses");
            state.losses().forEach(row -> losses.addArray().add((int) row[0]).add(row[1]));
            Files.writeString(staging.resolve("state.json"), JSON.writeValueAsString(meta));
            Path target = root.resolve(String.format("step-%09d", state.step()));
            Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            prune();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint under " + root, e);
        }
    }

    /** Reads a checkpoint onto {@code manager}. */
    State load(Path directory, NDManager manager) {
        try {
            Map<String, NDArray> arrays = NetworkWeights.read(manager, directory.resolve("state.npz"));
            JsonNode meta = JSON.readTree(Files.readString(directory.resolve("state.json")));
            List<double[]> losses = new ArrayList<>();
            meta.get("losses").forEach(row -> losses.add(new double[] {row.get(0).asInt(), row.get(1).asDouble()}));
            Map<String, NDArray> ema = section(arrays, "ema/");
            Map<String, Map<String, NDArray>> extras = new LinkedHashMap<>();
            section(arrays, "extra/").forEach((key, value) -> extras.computeIfAbsent(key.substring(0, key.indexOf('/')),
                    name -> new LinkedHashMap<>()).put(key.substring(key.indexOf('/') + 1), value));
            return new State(meta.get("step").asInt(), section(arrays, "weights/"), section(arrays, "adam_m/"),
                    section(arrays, "adam_v/"), ema.isEmpty() ? null : ema, extras, losses);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("checkpoint " + directory + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Deletes every checkpoint (training is starting over). */
    void clear() {
        FileTrees.delete(root);
    }

    private static Map<String, NDArray> section(Map<String, NDArray> arrays, String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private void prune() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> steps = entries.filter(p -> p.getFileName().toString().matches("step-\\d+"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
            steps.stream().skip(KEEP).forEach(FileTrees::delete);
        }
    }

}
