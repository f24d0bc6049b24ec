package org.difflab.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.difflab.core.sweep.Failures;
import org.difflab.core.sweep.SweepManifest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sweep's results, gathered from its manifest and whatever run directories and failure records lie beside
 * it: {@code <experiment dir>/sweeps/<id>/manifest.json}, {@code <experiment dir>/<run-id>/} and
 * {@code <experiment dir>/sweeps/<id>/failures/<run-id>.json}. Nothing else is needed, so results copied
 * together from several machines (same manifest, disjoint run directories) read as one sweep.
 *
 * @param directory the sweep directory
 * @param manifest the trial list
 * @param rows one per trial, by index
 * @param metricIds every metric seen, in first-seen order
 * @param baselineIds the metrics that have a data baseline (a value for a fresh data draw) in some trial
 */
public record SweepResults(Path directory, SweepManifest manifest, List<TrialRow> rows, List<String> metricIds,
        List<String> baselineIds) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Reads the sweep in {@code sweepDirectory}. */
    public static SweepResults load(Path sweepDirectory) {
        SweepManifest manifest = SweepManifest.read(sweepDirectory.resolve(SweepManifest.FILE));
        Path experimentDirectory = sweepDirectory.toAbsolutePath().getParent().getParent();
        List<TrialRow> rows = new ArrayList<>();
        Set<String> metricIds = new LinkedHashSet<>();
        Set<String> baselineIds = new LinkedHashSet<>();
        for (SweepManifest.Trial trial : manifest.trials()) {
            Path run = experimentDirectory.resolve(trial.runId());
            TrialRow row;
            if (Files.isDirectory(run)) {
                row = done(trial, run);
                metricIds.addAll(row.metrics().keySet());
                baselineIds.addAll(row.dataBaseline().keySet());
            } else if (Files.isRegularFile(Failures.file(sweepDirectory, trial.runId()))) {
                JsonNode failure = read(Failures.file(sweepDirectory, trial.runId()));
                row = new TrialRow(trial, TrialRow.FAILED, Map.of(), Map.of(), null, null, null,
                        failure.path("error").asString(""), null);
            } else {
                row = new TrialRow(trial, TrialRow.PENDING, Map.of(), Map.of(), null, null, null, null, null);
            }
            rows.add(row);
        }
        List<String> withBaseline = metricIds.stream().filter(baselineIds::contains).toList();
        return new SweepResults(sweepDirectory, manifest, rows, List.copyOf(metricIds), withBaseline);
    }

    private static TrialRow done(SweepManifest.Trial trial, Path run) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, Double> baseline = new LinkedHashMap<>();
        Integer nfe = null;
        Double sampling = null;
        Path metricsFile = run.resolve("metrics.json");
        if (Files.isRegularFile(metricsFile)) {
            JsonNode node = read(metricsFile);
            node.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
            node.path("data_baseline").properties().forEach(e -> baseline.put(e.getKey(), e.getValue().asDouble()));
            nfe = node.has("nfe") ? node.get("nfe").asInt() : null;
            sampling = node.has("sampling_seconds") ? node.get("sampling_seconds").asDouble() : null;
        }
        JsonNode provenance = Files.isRegularFile(run.resolve("run.json")) ? read(run.resolve("run.json")) : null;
        Double wall = null;
        if (provenance != null && provenance.has("started_at") && provenance.has("finished_at")) {
            wall = Duration.between(Instant.parse(provenance.get("started_at").asString()),
                    Instant.parse(provenance.get("finished_at").asString())).toNanos() / 1e9;
        }
        return new TrialRow(trial, TrialRow.DONE, metrics, baseline, nfe, sampling, wall, null, provenance);
    }

    /** Number of trials with the given status. */
    public long count(String status) {
        return rows.stream().filter(r -> r.status().equals(status)).count();
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
