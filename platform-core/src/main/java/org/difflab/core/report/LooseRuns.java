package org.difflab.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.spec.SpecPaths;
import org.difflab.core.spec.SpecWriter;
import org.difflab.core.sweep.Axis;
import org.difflab.core.sweep.SweepManifest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Runs of an experiment that no sweep manifest lists (made one by one with {@code difflab run --set ...}),
 * gathered into a manifest of their own at {@code <experiment>/sweeps/all-runs/} so they get the same
 * summary, plots and report as a sweep. Its axes are the spec keys whose resolved values differ between
 * the runs; its trials are the runs in the order they started.
 */
public final class LooseRuns {

    /** Directory name of the gathered runs under sweeps/. */
    public static final String DIRECTORY = "all-runs";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LooseRuns() {}

    /** The experiment directories under {@code root} (directories holding finished runs). */
    public static List<Path> experiments(Path root) {
        try (Stream<Path> walk = Files.walk(root, 4)) {
            return walk.filter(p -> p.getFileName().toString().equals("run.json"))
                    .map(Path::getParent)
                    .filter(run -> !run.getFileName().toString().startsWith(".") && Files.isRegularFile(
                            run.resolve("spec.yaml")))
                    .map(Path::getParent).distinct().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
    }

    /**
     * Writes the all-runs manifest of {@code experiment} if at least two of its runs are in no sweep's
     * manifest, and returns its sweep directory (empty otherwise).
     */
    public static java.util.Optional<Path> gather(Path experiment) {
        Set<String> listed = new HashSet<>();
        Path sweeps = experiment.resolve("sweeps");
        if (Files.isDirectory(sweeps)) {
            try (Stream<Path> dirs = Files.list(sweeps)) {
                for (Path dir : dirs.toList()) {
                    Path file = dir.resolve(SweepManifest.FILE);
                    if (!dir.getFileName().toString().equals(DIRECTORY) && Files.isRegularFile(file)) {
                        SweepManifest.read(file).trials().forEach(t -> listed.add(t.runId()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> entries = Files.list(experiment)) {
            for (Path dir : entries.sorted().toList()) {
                String name = dir.getFileName().toString();
                if (!name.startsWith(".") && !listed.contains(name) && Files.isRegularFile(dir.resolve("run.json"))
                        && Files.isRegularFile(dir.resolve("spec.yaml"))) {
                    JsonNode provenance = JSON.readTree(Files.readString(dir.resolve("run.json")));
                    runs.add(new Run(name, YAML.readTree(Files.readString(dir.resolve("spec.yaml"))),
                            provenance.path("started_at").asString("")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (runs.size() < 2) {
            return java.util.Optional.empty();
        }
        runs.sort(Comparator.comparing(Run::started).thenComparing(Run::id));
        List<Map<String, JsonNode>> leaves = runs.stream().map(r -> leaves(r.spec())).toList();
        Set<String> keys = new LinkedHashSet<>();
        leaves.forEach(l -> keys.addAll(l.keySet()));
        List<String> varying = keys.stream().filter(k -> !k.equals("experiment") && !k.equals("description"))
                .filter(k -> leaves.stream().map(l -> l.getOrDefault(k, JsonNodeFactory.instance.nullNode()))
                        .distinct().count() > 1)
                .filter(k -> !onlyItsSectionIsMissing(k, leaves)).toList();
        List<SweepManifest.Trial> trials = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (String key : varying) {
                values.put(key, leaves.get(i).getOrDefault(key, JsonNodeFactory.instance.nullNode()));
            }
            trials.add(new SweepManifest.Trial(i, runs.get(i).id(), values, 0, runs.get(i).spec().path("seed")
                    .asLong(0), null));
        }
        List<SweepManifest.AxisKeys> axes = varying.stream()
                .map(k -> new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of(k))).toList();
        String name = runs.get(0).spec().path("experiment").asString(experiment.getFileName().toString());
        String id = SpecWriter.contentId(JSON.valueToTree(runs.stream().map(Run::id).toList()));
        SweepManifest manifest = new SweepManifest(id, name, "(runs of " + name + " in no sweep)",
                runs.get(0).spec(), axes, 1, trials);
        Path directory = sweeps.resolve(DIRECTORY);
        AtomicFiles.writeIfChanged(directory.resolve(SweepManifest.FILE), manifest.toText());
        return java.util.Optional.of(directory);
    }

    /**
     * Whether {@code key} differs between runs only because a section holding it is absent from some of them:
     * one value wherever it is set, and every run without it lacks a whole enclosing section (a run sampling a
     * checkpoint has no {@code training:}, so training.beta1 = 0.9 against nothing is not a choice that was
     * varied). Such keys would only clutter the axes and the legends.
     */
    static boolean onlyItsSectionIsMissing(String key, List<Map<String, JsonNode>> runs) {
        if (runs.stream().map(l -> l.get(key)).filter(v -> v != null && !v.isNull()).distinct().count() > 1) {
            return false;
        }
        for (Map<String, JsonNode> run : runs) {
            JsonNode value = run.get(key);
            if (value == null || value.isNull()) {
                boolean sectionMissing = false;
                for (String section = SpecPaths.parent(key); !section.isEmpty(); section = SpecPaths.parent(section)) {
                    String prefix = section + ".";
                    if (run.keySet().stream().noneMatch(k -> k.startsWith(prefix))) {
                        sectionMissing = true;
                        break;
                    }
                }
                if (!sectionMissing) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Dotted paths of the leaves of a spec tree (lists are leaves: one value each). */
    static Map<String, JsonNode> leaves(JsonNode tree) {
        Map<String, JsonNode> out = new TreeMap<>();
        walk(tree, "", out);
        return out;
    }

    private static void walk(JsonNode node, String path, Map<String, JsonNode> out) {
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(e -> walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else {
            out.put(path, node);
        }
    }

    private record Run(String id, JsonNode spec, String started) {}
}
