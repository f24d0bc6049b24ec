package org.difflab.core.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.difflab.core.spec.SpecPaths;
import tools.jackson.databind.JsonNode;

/**
 * A plot of one metric against another, the points of a curve following one swept key ({@code sweep.plots}):
 * <pre>  plots: [{x: class_energy_distance, y: class_accuracy, along: sampling.guidance.scale}]</pre>
 * Each curve is one combination of the other swept keys (a method), its points the values of {@code along} in the
 * order the sweep lists them, each point the mean of both metrics over repeats. What a knob trades shows as the
 * curve's path: guidance scale moving samples along accuracy against distance to the data, for instance.
 *
 * @param x the metric on the horizontal axis
 * @param y the metric on the vertical axis
 * @param along the swept key whose values the curve follows
 */
public record TradeOffPlot(String x, String y, String along) {

    /** The keys of one entry. */
    static final List<String> KEYS = List.of("x", "y", "along");

    /**
     * The plots of a sweep block ({@code sweep}, the {@code sweep:} mapping), each problem reported to
     * {@code problem} as (spec path, message).
     *
     * @param swept the swept keys, which {@code along} must name
     */
    public static List<TradeOffPlot> read(JsonNode sweep, List<String> swept, BiConsumer<String, String> problem) {
        List<TradeOffPlot> out = new ArrayList<>();
        JsonNode plots = sweep == null ? null : sweep.get("plots");
        if (plots == null || plots.isNull()) {
            return out;
        }
        if (!plots.isArray()) {
            problem.accept("sweep.plots", "expected a list of plots, e.g. plots: [{x: class_energy_distance, y:"
                    + " class_accuracy, along: sampling.guidance.scale}], got " + SweepBlock.kind(plots));
            return out;
        }
        for (int i = 0; i < plots.size(); i++) {
            String path = SpecPaths.element("sweep.plots", i);
            JsonNode entry = plots.get(i);
            if (!entry.isObject()) {
                problem.accept(path, "expected a mapping {x: metric, y: metric, along: swept key}, got "
                        + SweepBlock.kind(entry));
                continue;
            }
            boolean ok = true;
            for (String key : entry.propertyNames()) {
                if (!KEYS.contains(key)) {
                    problem.accept(SpecPaths.child(path, key), "unknown key '" + key + "'; a plot has x, y and along");
                    ok = false;
                }
            }
            for (String key : KEYS) {
                JsonNode value = entry.get(key);
                if (value == null || !value.isString() || value.asString().isBlank()) {
                    problem.accept(SpecPaths.child(path, key), key + " is required: " + (key.equals("along")
                            ? "the swept key each curve follows, one of " + String.join(", ", swept)
                            : "a metric id of the evaluation, e.g. class_accuracy"));
                    ok = false;
                }
            }
            if (!ok) {
                continue;
            }
            String along = entry.get("along").asString();
            if (!swept.contains(along)) {
                problem.accept(SpecPaths.child(path, "along"), "'" + along + "' is not swept; along names a swept"
                        + " key: " + String.join(", ", swept));
                continue;
            }
            out.add(new TradeOffPlot(entry.get("x").asString(), entry.get("y").asString(), along));
        }
        return out;
    }
}
