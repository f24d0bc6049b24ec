package org.difflab.core.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.Overrides;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.SpecProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A sweep expanded into validated trials.
 *
 * <p>Expansion order: the grid axes in the order written (the first varies slowest, the last fastest, like
 * nested loops), then each zip group as one axis, then the repeats innermost. Combinations matching an
 * {@code exclude} entry are dropped before indices are given, so indices run 0 .. n-1 without gaps. Repeat r
 * (from 0) sets {@code seed} to the combination's seed plus r.
 *
 * <p>Every trial is applied to a copy of the spec (a value set at a key is located at its line in the sweep
 * block) and validated completely; all problems of all trials are reported together, once each, before
 * anything is written or run. Trials whose resolved specs coincide share one run id: the later one records
 * {@code same_run_as} and is not run twice.
 */
public final class SweepPlan {

    private final SweepManifest manifest;
    private final Experiment[] experiments;
    private final java.util.function.IntFunction<Experiment> lazy;
    private final List<String> notes;

    private SweepPlan(SweepManifest manifest, List<Experiment> experiments, List<String> notes) {
        this.manifest = manifest;
        this.experiments = experiments.toArray(Experiment[]::new);
        this.lazy = null;
        this.notes = notes;
    }

    private SweepPlan(SweepManifest manifest, java.util.function.IntFunction<Experiment> lazy) {
        this.manifest = manifest;
        this.experiments = new Experiment[manifest.trials().size()];
        this.lazy = lazy;
        this.notes = List.of();
    }

    /** The manifest (trial list and sweep id). */
    public SweepManifest manifest() {
        return manifest;
    }

    /**
     * The validated experiment of trial {@code index}.
     *
     * @throws SpecException (plans read from a manifest) if the trial no longer validates
     * @throws IllegalStateException (plans read from a manifest) if it now resolves to another run
     */
    public synchronized Experiment experiment(int index) {
        if (experiments[index] == null) {
            experiments[index] = lazy.apply(index);
        }
        return experiments[index];
    }

    /** Number of trials. */
    public int size() {
        return experiments.length;
    }

    /**
     * A plan for a sweep whose manifest was written before (by the sweep's parent process, or by the machine
     * that emitted a cluster job): the trial list is taken from the manifest and a trial's spec is built and
     * validated only when it is asked for, so a worker or an array task that runs one trial of a large
     * sweep does not validate all of them again. Each trial's run id is checked against the manifest's, so a
     * spec, override or plugin changed since is caught rather than run under the old trial's index.
     */
    public static SweepPlan fromManifest(SpecDocument document, ExperimentLoader loader, SweepManifest manifest) {
        return new SweepPlan(manifest, index -> {
            SweepManifest.Trial trial = manifest.trials().get(index);
            SpecDocument trialDocument = document.copy();
            String where = document.where("sweep");
            trial.values().forEach((key, value) -> set(trialDocument, key, value, where));
            if (manifest.repeat() > 1) {
                Overrides.set(trialDocument, "seed", JsonNodeFactory.instance.numberNode(trial.seed()), where);
            }
            Experiment experiment = loader.load(trialDocument);
            if (!experiment.runId().equals(trial.runId())) {
                throw new IllegalStateException("trial " + index + " now resolves to run " + experiment.runId()
                        + ", but the manifest of sweep " + manifest.sweepId() + " says " + trial.runId()
                        + ": the spec, an override, a file it reads or a plugin changed since the manifest was"
                        + " written");
            }
            return experiment;
        });
    }

    /** Remarks for the user: exclude entries that matched nothing, trials that are the same run. */
    public List<String> notes() {
        return notes;
    }

    /**
     * Expands and validates the sweep of {@code document}.
     *
     * @throws SpecException every problem of the sweep block and of every trial
     */
    public static SweepPlan expand(SpecDocument document, ExperimentLoader loader) {
        SweepBlock block = SweepBlock.of(document);
        List<int[]> combinations = combinations(block.axes());
        List<String> notes = new ArrayList<>();
        boolean[] used = new boolean[block.excludes().size()];
        List<int[]> kept = new ArrayList<>();
        for (int[] combination : combinations) {
            Map<String, JsonNode> values = values(block.axes(), combination);
            boolean excluded = false;
            for (int e = 0; e < block.excludes().size(); e++) {
                if (matches(block.excludes().get(e), values)) {
                    used[e] = true;
                    excluded = true;
                }
            }
            if (!excluded) {
                kept.add(combination);
            }
        }
        for (int e = 0; e < used.length; e++) {
            if (!used[e]) {
                notes.add(block.excludeWhere().get(e) + ": exclude entry " + e + " matches no trial");
            }
        }
        if (kept.isEmpty()) {
            throw new SpecException(block.excludeWhere().isEmpty() ? document.where("sweep")
                    : block.excludeWhere().get(0), "sweep.exclude", "every one of the " + combinations.size()
                    + " combinations is excluded; nothing would run");
        }

        Set<SpecProblem> problems = new LinkedHashSet<>();
        List<Experiment> experiments = new ArrayList<>();
        List<SweepManifest.Trial> trials = new ArrayList<>();
        Map<String, Integer> firstWithRun = new HashMap<>();
        String experimentName = null;
        for (int[] combination : kept) {
            SpecDocument trialDocument = document.copy();
            Map<String, JsonNode> values = values(block.axes(), combination);
            Experiment first = null;
            try {
                for (int a = 0; a < block.axes().size(); a++) {
                    Axis axis = block.axes().get(a);
                    for (int k = 0; k < axis.keys().size(); k++) {
                        set(trialDocument, axis.keys().get(k), axis.positions().get(combination[a]).get(k),
                                axis.where().get(combination[a]));
                    }
                }
                first = loader.load(trialDocument);
            } catch (SpecException e) {
                problems.addAll(e.problems());
                continue;
            }
            long baseSeed = first.spec().seed();
            for (int r = 0; r < block.repeat(); r++) {
                Experiment experiment = first;
                if (r > 0) {
                    SpecDocument repeated = trialDocument.copy();
                    Overrides.set(repeated, "seed", JsonNodeFactory.instance.numberNode(baseSeed + r),
                            block.repeatWhere());
                    try {
                        experiment = loader.load(repeated);
                    } catch (SpecException e) {
                        problems.addAll(e.problems());
                        continue;
                    }
                }
                experimentName = experiment.spec().experiment();
                int index = experiments.size();
                Integer same = firstWithRun.putIfAbsent(experiment.runId(), index);
                experiments.add(experiment);
                trials.add(new SweepManifest.Trial(index, experiment.runId(), values, r, experiment.spec().seed(),
                        same));
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(new ArrayList<>(problems));
        }
        long collapsed = trials.stream().filter(t -> t.sameRunAs() != null).count();
        if (collapsed > 0) {
            notes.add(collapsed + " of " + trials.size() + " trials have the same resolved spec as an earlier trial"
                    + " (e.g. trial " + trials.stream().filter(t -> t.sameRunAs() != null).findFirst().get().index()
                    + " = trial " + trials.stream().filter(t -> t.sameRunAs() != null).findFirst().get().sameRunAs()
                    + "); each distinct run is run once: " + (trials.size() - collapsed) + " runs");
        }
        List<SweepManifest.AxisKeys> axes = block.axes().stream()
                .map(a -> new SweepManifest.AxisKeys(a.kind(), a.keys())).toList();
        String id = SweepManifest.idOf(experimentName, axes, trials);
        SweepManifest manifest = new SweepManifest(id, experimentName, document.sourceName(),
                document.root().deepCopy(), axes, block.repeat(), trials);
        return new SweepPlan(manifest, experiments, notes);
    }

    /**
     * Sets a swept value. Mappings the spec did not have on the way to the key are created first and located
     * at the same sweep line, so a problem reported at such a parent (e.g. "parameterization" when only
     * parameterization.type is swept) still names that line rather than just the file.
     */
    private static void set(SpecDocument document, String key, JsonNode value, String where) {
        String[] parts = key.split("\\.");
        JsonNode node = document.root();
        String path = "";
        for (int i = 0; i < parts.length - 1 && node != null; i++) {
            path = path.isEmpty() ? parts[i] : path + "." + parts[i];
            JsonNode next = node.get(parts[i]);
            if (next == null || next.isNull()) {
                Overrides.set(document, path, JsonNodeFactory.instance.objectNode(), where);
                next = node.get(parts[i]);
            }
            node = next.isObject() ? next : null;
        }
        Overrides.set(document, key, value.deepCopy(), where);
    }

    /** Every combination of axis positions, the last axis varying fastest. */
    static List<int[]> combinations(List<Axis> axes) {
        List<int[]> out = new ArrayList<>();
        int[] position = new int[axes.size()];
        while (true) {
            out.add(position.clone());
            int a = axes.size() - 1;
            while (a >= 0 && ++position[a] == axes.get(a).size()) {
                position[a] = 0;
                a--;
            }
            if (a < 0) {
                return out;
            }
        }
    }

    private static Map<String, JsonNode> values(List<Axis> axes, int[] combination) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            Axis axis = axes.get(a);
            for (int k = 0; k < axis.keys().size(); k++) {
                values.put(axis.keys().get(k), axis.positions().get(combination[a]).get(k));
            }
        }
        return values;
    }

    /** Whether every pair of an exclude entry equals the trial's value (numbers compare by value: 5 = 5.0). */
    static boolean matches(Map<String, JsonNode> exclude, Map<String, JsonNode> values) {
        for (Map.Entry<String, JsonNode> pair : exclude.entrySet()) {
            JsonNode value = values.get(pair.getKey());
            if (value == null || !sameValue(pair.getValue(), value)) {
                return false;
            }
        }
        return true;
    }

    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        return a.equals(b);
    }
}
