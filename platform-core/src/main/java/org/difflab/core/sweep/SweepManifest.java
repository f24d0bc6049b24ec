package org.difflab.core.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.spec.SpecWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The expanded trial list of a sweep, written to {@code <out>/<experiment>/sweeps/<sweep-id>/manifest.json}
 * before any trial runs. It holds no time stamps or host names, so every machine that expands the same spec
 * writes the same bytes; a trial's results are the ordinary run directory {@code <out>/<experiment>/<run-id>/}.
 *
 * @param sweepId content hash of the experiment, axes and trials (so of every resolved trial spec)
 * @param experiment the experiment every trial is filed under
 * @param source the spec file's name
 * @param baseSpec the spec as written (with --set overrides applied), sweep block included
 * @param axes the swept dimensions, in expansion order
 * @param repeat seeds per combination
 * @param trials every trial, by index
 */
public record SweepManifest(String sweepId, String experiment, String source, JsonNode baseSpec, List<AxisKeys> axes,
        int repeat, List<Trial> trials) {

    /** Name of the manifest file in a sweep directory. */
    public static final String FILE = "manifest.json";
    /** Format version written into the manifest. */
    public static final int FORMAT = 1;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The keys of one axis.
     *
     * @param kind grid or zip
     * @param keys the dotted keys it sets
     */
    public record AxisKeys(Axis.Kind kind, List<String> keys) {}

    /**
     * One trial.
     *
     * @param index position in expansion order, from 0
     * @param runId the run id of its resolved spec: its results are {@code <out>/<experiment>/<run-id>/}
     * @param values each swept key's value, in axis order
     * @param repeat which repeat (0 .. repeat-1)
     * @param seed the trial's seed
     * @param sameRunAs the index of an earlier trial whose resolved spec is identical, or null
     */
    public record Trial(int index, String runId, Map<String, JsonNode> values, int repeat, long seed,
            Integer sameRunAs) {

        /** The trial that runs this trial's run: itself, or the earlier identical one. */
        public int owner() {
            return sameRunAs == null ? index : sameRunAs;
        }
    }

    /** Every swept key in axis order. */
    public List<String> keys() {
        return axes.stream().flatMap(a -> a.keys().stream()).toList();
    }

    /** Number of distinct runs (trials minus those that coincide with an earlier one). */
    public long runCount() {
        return trials.stream().filter(t -> t.sameRunAs() == null).count();
    }

    /** The directory of this sweep under the results root {@code out}. */
    public Path directory(Path out) {
        return out.resolve(experiment).resolve("sweeps").resolve(sweepId);
    }

    /** Content hash identifying a sweep: experiment, axes and every trial's values, seed and run id. */
    static String idOf(String experiment, List<AxisKeys> axes, List<Trial> trials) {
        ObjectNode identity = NODES.objectNode();
        identity.put("experiment", experiment);
        identity.set("axes", axesJson(axes));
        identity.set("trials", trialsJson(trials));
        return SpecWriter.contentId(identity);
    }

    /** The manifest as JSON. */
    public ObjectNode toJson() {
        ObjectNode root = NODES.objectNode();
        root.put("format", FORMAT);
        root.put("sweep_id", sweepId);
        root.put("experiment", experiment);
        root.put("source", source);
        root.put("trial_count", trials.size());
        root.put("run_count", runCount());
        root.put("repeat", repeat);
        root.set("axes", axesJson(axes));
        root.set("trials", trialsJson(trials));
        root.set("base_spec", baseSpec.deepCopy());
        return root;
    }

    /** Pretty JSON text (deterministic: same sweep, same bytes). */
    public String toText() {
        return SpecWriter.json(toJson()) + "\n";
    }

    /** Writes the manifest into its sweep directory under {@code out} (atomically; kept if unchanged). */
    public Path write(Path out) {
        Path file = directory(out).resolve(FILE);
        AtomicFiles.writeIfChanged(file, toText());
        return file;
    }

    /** Reads a manifest file. */
    public static SweepManifest read(Path file) {
        try {
            return fromJson(JSON.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sweep manifest " + file, e);
        } catch (tools.jackson.core.JacksonException e) {
            // bad input (a truncated copy, a file edited by hand): exit 2, the file and the line
            String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? file.toString()
                    : file + ":" + e.getLocation().getLineNr();
            String problem = e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll("\\s*\\(start marker at .*$", "").replaceAll("\\s*at \\[Source.*$", "");
            throw new org.difflab.core.spec.SpecException(where, "", "not valid JSON (" + problem + "); a sweep"
                    + " manifest written by difflab sweep is expected here");
        } catch (RuntimeException e) {
            throw new org.difflab.core.spec.SpecException(file.toString(), "", "not a sweep manifest (" + e + ")");
        }
    }

    /** Parses manifest JSON. */
    public static SweepManifest fromJson(JsonNode root) {
        List<AxisKeys> axes = new ArrayList<>();
        for (JsonNode axis : root.get("axes")) {
            List<String> keys = new ArrayList<>();
            axis.get("keys").forEach(k -> keys.add(k.asString()));
            axes.add(new AxisKeys(Axis.Kind.valueOf(axis.get("kind").asString().toUpperCase()), keys));
        }
        List<Trial> trials = new ArrayList<>();
        for (JsonNode trial : root.get("trials")) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            trial.get("values").properties().forEach(e -> values.put(e.getKey(), e.getValue()));
            JsonNode same = trial.get("same_run_as");
            trials.add(new Trial(trial.get("index").asInt(), trial.get("run_id").asString(), values,
                    trial.get("repeat").asInt(), trial.get("seed").asLong(),
                    same == null || same.isNull() ? null : same.asInt()));
        }
        return new SweepManifest(root.get("sweep_id").asString(), root.get("experiment").asString(),
                root.path("source").asString(""), root.path("base_spec").deepCopy(), axes,
                root.path("repeat").asInt(1), trials);
    }

    private static ArrayNode axesJson(List<AxisKeys> axes) {
        ArrayNode out = NODES.arrayNode();
        for (AxisKeys axis : axes) {
            ObjectNode node = out.addObject();
            node.put("kind", axis.kind().name().toLowerCase());
            ArrayNode keys = node.putArray("keys");
            axis.keys().forEach(keys::add);
        }
        return out;
    }

    private static ArrayNode trialsJson(List<Trial> trials) {
        ArrayNode out = NODES.arrayNode();
        for (Trial trial : trials) {
            ObjectNode node = out.addObject();
            node.put("index", trial.index());
            node.put("run_id", trial.runId());
            ObjectNode values = node.putObject("values");
            trial.values().forEach((k, v) -> values.set(k, v.deepCopy()));
            node.put("repeat", trial.repeat());
            node.put("seed", trial.seed());
            if (trial.sameRunAs() == null) {
                node.putNull("same_run_as");
            } else {
                node.put("same_run_as", trial.sameRunAs());
            }
        }
        return out;
    }
}
