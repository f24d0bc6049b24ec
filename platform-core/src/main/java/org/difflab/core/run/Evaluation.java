package org.difflab.core.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metric values of the samples, and the same metrics for a fresh draw from the data: the baseline a perfect
 * sampler would reach at this sample size (Monte-Carlo error included).
 *
 * @param values metric id to value for the samples
 * @param dataBaseline metric id to value for an independent data draw
 * @param seconds wall time spent on metrics
 */
public record Evaluation(Map<String, Double> values, Map<String, Double> dataBaseline, double seconds) {

    /** No metrics. */
    public static Evaluation none() {
        return new Evaluation(new LinkedHashMap<>(), new LinkedHashMap<>(), 0);
    }
}
