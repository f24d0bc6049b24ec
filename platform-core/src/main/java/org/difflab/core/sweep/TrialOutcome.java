package org.difflab.core.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What happened to one trial in this invocation (also the message a worker JVM sends its parent).
 *
 * @param index the trial's index
 * @param runId its run id
 * @param status done, skipped (finished before) or failed
 * @param metrics metric values of a run done now (empty otherwise)
 * @param seconds wall time of the trial in this invocation
 * @param error the failure's message (null unless failed)
 */
public record TrialOutcome(int index, String runId, Status status, Map<String, Double> metrics, double seconds,
        String error) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A trial's outcome. */
    public enum Status {
        /** ran now and finished */
        DONE,
        /** its run had finished before (by this sweep, another sweep, or difflab run) */
        SKIPPED,
        /** the run threw; recorded under failures/ */
        FAILED
    }

    /** A skipped trial. */
    public static TrialOutcome skipped(int index, String runId) {
        return new TrialOutcome(index, runId, Status.SKIPPED, Map.of(), 0, null);
    }

    /** A failed trial. */
    public static TrialOutcome failed(int index, String runId, double seconds, String error) {
        return new TrialOutcome(index, runId, Status.FAILED, Map.of(), seconds, error);
    }

    /** One line of JSON. */
    public String toJsonLine() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("index", index);
        node.put("run_id", runId);
        node.put("status", status.name().toLowerCase());
        ObjectNode values = node.putObject("metrics");
        metrics.forEach(values::put);
        node.put("seconds", seconds);
        if (error != null) {
            node.put("error", error);
        }
        return JSON.writeValueAsString(node);
    }

    /** Parses {@link #toJsonLine()}. */
    public static TrialOutcome fromJsonLine(String line) {
        JsonNode node = JSON.readTree(line);
        Map<String, Double> metrics = new LinkedHashMap<>();
        node.get("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        return new TrialOutcome(node.get("index").asInt(), node.get("run_id").asString(),
                Status.valueOf(node.get("status").asString().toUpperCase()), metrics, node.get("seconds").asDouble(),
                node.has("error") ? node.get("error").asString() : null);
    }
}
