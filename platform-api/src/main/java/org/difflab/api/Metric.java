package org.difflab.api;

import java.util.Optional;
import java.util.Set;

/**
 * A number computed from generated samples, a reference draw from the data, and the data source (energy
 * distance, sliced Wasserstein, exact log-likelihood, ...), and, for metrics that declare so in
 * {@link #needs()}, from the model and process (a likelihood through the probability-flow ODE) or the
 * samples' class labels (class accuracy). Lower or higher is better as the summary says.
 *
 * <p>Contract: with {@link Capability#ZERO_FOR_IDENTICAL}, zero when samples equal the reference; with
 * {@link Capability#SYMMETRIC}, unchanged when they are swapped.
 */
public interface Metric extends Pluggable {

    /** What a metric may need besides samples, a reference draw and the data source. */
    enum Need {
        /** The run's model (unguided), its process and held-out data: {@link MetricInput#model()}. */
        MODEL,
        /** The class label each sample was generated for: {@link MetricInput#sampleLabels()}. */
        LABELS
    }

    /** What this metric needs; validation checks the spec supplies it. */
    default Set<Need> needs() {
        return Set.of();
    }

    /** Why this metric cannot be computed on {@code data}, or empty if it can. Checked before a run. */
    default Optional<String> inapplicableTo(DataSource data) {
        return Optional.empty();
    }

    /**
     * Whether the metric compares the samples with the data, so that the same metric on a fresh data draw in
     * place of the samples is a meaningful baseline (the level a perfect sampler reaches). A metric of the
     * model alone (a likelihood of held-out data) has none.
     */
    default boolean comparesSamples() {
        return true;
    }

    /** {@link #referencePoints()} of a metric that uses as many data points as there are samples. */
    int ALL_POINTS = Integer.MAX_VALUE;

    /**
     * The most points this metric uses from a data draw: from the reference, and, for its data-vs-data baseline,
     * from the fresh draw that stands in for the samples. A run draws its reference and its baseline with
     * min(count, the largest of its metrics' values) points each, so past that the memory of an evaluated run does
     * not grow with the sample count. A metric that subsamples its sets to {@code max_points} returns that; one that
     * never reads a data draw returns 0. By default {@link #ALL_POINTS}: draws as large as the samples.
     */
    default int referencePoints() {
        return ALL_POINTS;
    }

    /** The metric's value. */
    double compute(MetricInput input);

    /**
     * The value with any further numbers (a standard error, the same value in other units, its cost); by
     * default just {@link #compute}. Metrics with several numbers override this and compute once.
     */
    default MetricValue measure(MetricInput input) {
        return MetricValue.of(compute(input));
    }
}
