package org.difflab.core.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.MetricValue;
import org.difflab.api.Points;
import org.difflab.api.model.ModelUnderTest;
import org.difflab.core.component.Configured;

/**
 * Computes the spec's metrics on the samples and, for metrics that compare samples with the data, on a
 * data-vs-data baseline (a fresh data draw in place of the samples, with its own labels).
 */
public final class Evaluator {

    private Evaluator() {}

    /**
     * The point sets metrics compare.
     *
     * @param samples generated samples
     * @param sampleLabels their labels, or null
     * @param reference an independent data draw of {@link #referencePoints} points
     * @param referenceLabels its labels, or null
     * @param baseline a second independent data draw of as many points, standing in for a perfect sampler
     * @param baselineLabels its labels, or null
     */
    public record Sets(Points samples, int[] sampleLabels, Points reference, int[] referenceLabels,
            Points baseline, int[] baselineLabels) {}

    /**
     * How many points the reference and the baseline draw of a run of {@code count} samples hold: as many as the
     * metric that uses the most asks for ({@link Metric#referencePoints()}), at most {@code count}. When every metric
     * uses at least {@code count}, the draws are the ones of a run before this bound, so the values are too.
     */
    public static int referencePoints(List<Configured<Metric>> metrics, int count) {
        int most = 0;
        for (Configured<Metric> metric : metrics) {
            most = Math.max(most, metric.create().referencePoints());
        }
        return Math.min(count, most);
    }

    /**
     * @param model the run's model for metrics that need it
     * @param cacheDirectory what metrics may cache across runs ({@link MetricInput#cacheDirectory()}), or null
     */
    public static Evaluation evaluate(List<Configured<Metric>> metrics, Sets sets, DataSource data, ModelUnderTest model,
            long seed, Path cacheDirectory) {
        long start = System.nanoTime();
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Double> dataBaseline = new LinkedHashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            Metric metric = metrics.get(i).create();
            String id = metrics.get(i).id();
            var rng = SeedStreams.METRICS.of(seed).split(i);
            ModelUnderTest seen = metric.needs().contains(Metric.Need.MODEL) ? model : null;
            // the same metric stream for both, so random projections etc. are shared
            MetricValue value = metric.measure(new MetricInput(sets.samples(), sets.reference(), data, rng.split(0),
                    sets.sampleLabels(), sets.referenceLabels(), seen, cacheDirectory));
            requireFinite(metrics.get(i), "the samples", value);
            put(values, id, value);
            if (metric.comparesSamples()) {
                MetricValue base = metric.measure(new MetricInput(sets.baseline(), sets.reference(), data,
                        rng.split(0), sets.baselineLabels(), sets.referenceLabels(), seen, cacheDirectory));
                requireFinite(metrics.get(i), "the data baseline", base);
                dataBaseline.put(id, base.value());
            }
        }
        return new Evaluation(values, dataBaseline, (System.nanoTime() - start) / 1e9);
    }

    /**
     * A metric's value and details must be numbers: a NaN or infinity written to metrics.json would read as a result.
     * The run fails naming the metric, its plugin and which value.
     */
    private static void requireFinite(Configured<Metric> metric, String of, MetricValue value) {
        String bad = !Double.isFinite(value.value()) ? "its value " + value.value() : null;
        for (Map.Entry<String, Double> detail : value.details().entrySet()) {
            if (bad == null && (detail.getValue() == null || !Double.isFinite(detail.getValue()))) {
                bad = "its detail '" + detail.getKey() + "' = " + detail.getValue();
            }
        }
        if (bad != null) {
            throw new IllegalStateException("metric '" + metric.id() + "' (plugin " + metric.type().origin().pluginId()
                    + ") returned " + bad + " for " + of + "; a metric must return finite numbers, so nothing was"
                    + " recorded");
        }
    }

    private static void put(Map<String, Double> values, String id, MetricValue value) {
        values.put(id, value.value());
        value.details().forEach((name, detail) -> values.put(id + "_" + name, detail));
    }
}
