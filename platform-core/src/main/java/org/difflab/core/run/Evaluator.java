package org.difflab.core.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.core.component.Configured;

/** Computes the spec's metrics on the samples and on a data-vs-data baseline. */
public final class Evaluator {

    private Evaluator() {}

    /**
     * @param samples generated samples, [n][dims]
     * @param reference an independent data draw of the same size
     * @param baseline a second independent data draw, standing in for a perfect sampler
     */
    public static Evaluation evaluate(List<Configured<Metric>> metrics, double[][] samples, double[][] reference,
            double[][] baseline, DataSource data, long seed) {
        long start = System.nanoTime();
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Double> dataBaseline = new LinkedHashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            Metric metric = metrics.get(i).create();
            String id = metrics.get(i).id();
            var rng = SeedStreams.METRICS.of(seed).split(i);
            // the same metric stream for both, so random projections etc. are shared
            values.put(id, metric.compute(new MetricInput(samples, reference, data, rng.split(0))));
            dataBaseline.put(id, metric.compute(new MetricInput(baseline, reference, data, rng.split(0))));
        }
        return new Evaluation(values, dataBaseline, (System.nanoTime() - start) / 1e9);
    }
}
