package org.difflab.core.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.SpecPaths;
import org.difflab.core.spec.SpecProblem;
import tools.jackson.databind.JsonNode;

/**
 * The {@code sweep:} block of a spec, checked:
 *
 * <pre>
 * sweep:
 *   grid: {sampling.solver.type: [euler, heun], sampling.schedule.steps: [5, 10, 20]}   # cartesian product
 *   zip: {process.type: [vp, ve], sampling.schedule.type: [vp, ve]}                     # lock step
 *   exclude: [{sampling.solver.type: euler, sampling.schedule.steps: 5}]                 # drop matches
 *   repeat: 3                                                                            # seeds seed, seed+1, seed+2
 *   plots: [{x: class_energy_distance, y: class_accuracy, along: sampling.guidance.scale}] # metric against metric
 * </pre>
 *
 * {@code zip} may also be a list of such mappings (several lock-step groups). Every problem names the sweep
 * key's line; problems of the trials themselves (unknown keys, bad values) are found by validating each trial.
 *
 * @param axes grid axes in the order written, then zip groups in the order written
 * @param excludes each entry: key to value; a trial matching every pair of an entry is dropped
 * @param excludeWhere source line of each exclude entry
 * @param repeat number of seeds per combination (1: no repeat)
 * @param repeatWhere source line of {@code repeat:} (where seed overrides are located)
 * @param plots metric-against-metric plots of the report ({@link TradeOffPlot})
 */
public record SweepBlock(List<Axis> axes, List<Map<String, JsonNode>> excludes, List<String> excludeWhere,
        int repeat, String repeatWhere, List<TradeOffPlot> plots) {

    /** The keys accepted under {@code sweep:} ({@code slurm}: see {@link SlurmDirectives}). */
    public static final List<String> KEYS = List.of("grid", "zip", "exclude", "repeat", "slurm", "plots");
    /** Spec keys a sweep may not change. */
    private static final Set<String> FIXED = Set.of("experiment", "sweep");
    private static final String KEY_PATH = "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*";

    /** Every swept key, in axis order. */
    public List<String> keys() {
        return axes.stream().flatMap(a -> a.keys().stream()).toList();
    }

    /**
     * Reads and checks the sweep block of {@code document}.
     *
     * @throws SpecException naming every problem, located at the sweep keys' lines
     */
    public static SweepBlock of(SpecDocument document) {
        Reader reader = new Reader(document);
        SweepBlock block = reader.read();
        if (!reader.problems.isEmpty()) {
            throw new SpecException(reader.problems);
        }
        return block;
    }

    private static final class Reader {
        private final SpecDocument document;
        private final List<SpecProblem> problems = new ArrayList<>();
        private final Set<String> seen = new LinkedHashSet<>();

        Reader(SpecDocument document) {
            this.document = document;
        }

        void problem(String path, String message) {
            problems.add(new SpecProblem(document.where(path), path, message));
        }

        SweepBlock read() {
            JsonNode sweep = document.root().get("sweep");
            if (sweep == null || sweep.isNull()) {
                problem("sweep", "the spec has no sweep: block; add one, e.g. sweep: {grid: {sampling.schedule.steps:"
                        + " [5, 10, 20]}}, or use difflab run for a single run");
                return null;
            }
            if (!sweep.isObject()) {
                problem("sweep", "expected a mapping with keys " + String.join(", ", KEYS) + ", got " + kind(sweep));
                return null;
            }
            for (String key : sweep.propertyNames()) {
                if (!KEYS.contains(key)) {
                    problem("sweep." + key, "unknown sweep key '" + key + "'; accepted: " + String.join(", ", KEYS)
                            + SpecBinder.suggestion(key, KEYS));
                }
            }
            List<Axis> axes = new ArrayList<>();
            JsonNode grid = sweep.get("grid");
            if (grid != null) {
                if (!grid.isObject()) {
                    problem("sweep.grid", "expected a mapping of dotted spec keys to lists of values, e.g. grid:"
                            + " {sampling.schedule.steps: [5, 10, 20]}, got " + kind(grid));
                } else {
                    for (String key : grid.propertyNames()) {
                        List<JsonNode> values = values(grid.get(key), "sweep.grid", key);
                        if (values != null) {
                            List<List<JsonNode>> positions = values.stream().map(List::of).toList();
                            axes.add(new Axis(Axis.Kind.GRID, List.of(key), positions,
                                    where("sweep.grid", key, values.size())));
                        }
                    }
                }
            }
            JsonNode zip = sweep.get("zip");
            if (zip != null) {
                if (zip.isObject()) {
                    zipGroup(zip, "sweep.zip", axes);
                } else if (zip.isArray() && !zip.isEmpty()) {
                    for (int i = 0; i < zip.size(); i++) {
                        String path = SpecPaths.element("sweep.zip", i);
                        if (zip.get(i).isObject()) {
                            zipGroup(zip.get(i), path, axes);
                        } else {
                            problem(path, "expected a mapping of keys to equally long lists, got " + kind(zip.get(i)));
                        }
                    }
                } else {
                    problem("sweep.zip", "expected a mapping of dotted spec keys to equally long lists (or a list of"
                            + " such mappings), got " + kind(zip));
                }
            }
            if (axes.isEmpty() && problems.isEmpty()) {
                problem("sweep", "the sweep has no axes; give grid: and/or zip:");
            }
            List<Map<String, JsonNode>> excludes = new ArrayList<>();
            List<String> excludeWhere = new ArrayList<>();
            JsonNode exclude = sweep.get("exclude");
            if (exclude != null) {
                if (!exclude.isArray()) {
                    problem("sweep.exclude", "expected a list of mappings, e.g. exclude: [{sampling.solver.type:"
                            + " euler, sampling.schedule.steps: 5}], got " + kind(exclude));
                } else {
                    for (int i = 0; i < exclude.size(); i++) {
                        String path = SpecPaths.element("sweep.exclude", i);
                        JsonNode entry = exclude.get(i);
                        if (!entry.isObject() || entry.isEmpty()) {
                            problem(path, "expected a non-empty mapping of swept keys to values, got " + kind(entry));
                            continue;
                        }
                        Map<String, JsonNode> match = new LinkedHashMap<>();
                        for (String key : entry.propertyNames()) {
                            if (!seen.contains(key)) {
                                problem(SpecPaths.child(path, key), "'" + key + "' is not swept; exclude entries"
                                        + " name swept keys: " + String.join(", ", seen));
                            }
                            match.put(key, entry.get(key));
                        }
                        excludes.add(match);
                        excludeWhere.add(document.where(path));
                    }
                }
            }
            int repeat = 1;
            JsonNode repeatNode = sweep.get("repeat");
            if (repeatNode != null) {
                if (repeatNode.isIntegralNumber() && repeatNode.asLong() >= 1 && repeatNode.asLong() <= 100_000) {
                    repeat = repeatNode.asInt();
                } else {
                    problem("sweep.repeat", "expected a whole number of seeds from 1 to 100000, got "
                            + (repeatNode.isNumber() ? repeatNode.toString() : kind(repeatNode)));
                }
            }
            List<TradeOffPlot> plots = TradeOffPlot.read(sweep, List.copyOf(seen), this::problem);
            return new SweepBlock(axes, excludes, excludeWhere, repeat, document.where("sweep.repeat"), plots);
        }

        private void zipGroup(JsonNode group, String path, List<Axis> axes) {
            if (group.isEmpty()) {
                problem(path, "a zip group needs at least one key");
                return;
            }
            List<String> keys = new ArrayList<>();
            List<List<JsonNode>> columns = new ArrayList<>();
            for (String key : group.propertyNames()) {
                List<JsonNode> values = values(group.get(key), path, key);
                if (values == null) {
                    return;
                }
                keys.add(key);
                columns.add(values);
            }
            int length = columns.get(0).size();
            if (columns.stream().anyMatch(c -> c.size() != length)) {
                List<String> lengths = new ArrayList<>();
                for (int k = 0; k < keys.size(); k++) {
                    lengths.add(keys.get(k) + " has " + columns.get(k).size());
                }
                problem(SpecPaths.child(path, keys.get(0)), "zipped lists advance together and must be equally long: "
                        + String.join(", ", lengths));
                return;
            }
            List<List<JsonNode>> positions = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                List<JsonNode> position = new ArrayList<>();
                for (List<JsonNode> column : columns) {
                    position.add(column.get(i));
                }
                positions.add(position);
            }
            axes.add(new Axis(Axis.Kind.ZIP, keys, positions, where(path, keys.get(0), length)));
        }

        /** The list of values of one key, or null after recording why it is not usable. */
        private List<JsonNode> values(JsonNode node, String parent, String key) {
            String path = SpecPaths.child(parent, key);
            boolean ok = true;
            if (!key.matches(KEY_PATH)) {
                problem(path, "'" + key + "' is not a dotted spec key such as sampling.schedule.steps");
                ok = false;
            } else if (FIXED.contains(key.split("\\.")[0])) {
                problem(path, "a sweep cannot change '" + key.split("\\.")[0] + "' (every trial of a sweep is filed"
                        + " under one experiment)");
                ok = false;
            }
            for (String other : seen) {
                String outer = key.startsWith(other + ".") ? other : other.startsWith(key + ".") ? key : null;
                if (outer != null) {
                    // a trial would set the option, then replace the whole mapping holding it (or the other way
                    // round): the summary would show swept values that no trial ran with
                    String inner = outer.equals(key) ? other : key;
                    problem(path, "sweep keys '" + outer + "' and '" + inner + "' overlap: '" + outer + "' replaces"
                            + " the whole mapping that '" + inner + "' is part of; sweep either the mapping or its"
                            + " options (e.g. '" + outer + ".type' next to '" + inner + "')");
                    ok = false;
                }
            }
            if (!seen.add(key)) {
                problem(path, "'" + key + "' is swept twice; each key may appear in one axis only");
                ok = false;
            }
            if (!node.isArray()) {
                problem(path, "expected a list of values, e.g. [5, 10, 20], got " + kind(node)
                        + " (a single value belongs in the spec itself)");
                return null;
            }
            if (node.isEmpty()) {
                problem(path, "the list of values is empty; give at least one");
                return null;
            }
            if (!ok) {
                return null;
            }
            List<JsonNode> values = new ArrayList<>();
            node.forEach(values::add);
            return values;
        }

        private List<String> where(String parent, String key, int count) {
            String path = SpecPaths.child(parent, key);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(document.where(SpecPaths.element(path, i)));
            }
            return out;
        }
    }

    static String kind(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNull()) {
            return "nothing";
        }
        return (node.isNumber() ? "the number " : node.isBoolean() ? "the boolean " : "the text ") + node;
    }
}
