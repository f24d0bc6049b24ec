package org.difflab.api;

import java.util.Optional;

/**
 * A number computed from generated samples, a reference draw from the data, and the data source
 * (energy distance, sliced Wasserstein, exact log-likelihood, ...). Lower or higher is better as the
 * summary says.
 *
 * <p>Contract: with {@link Capability#ZERO_FOR_IDENTICAL}, zero when samples equal the reference; with
 * {@link Capability#SYMMETRIC}, unchanged when they are swapped.
 */
public interface Metric extends Pluggable {

    /** Why this metric cannot be computed on {@code data}, or empty if it can. Checked before a run. */
    default Optional<String> inapplicableTo(DataSource data) {
        return Optional.empty();
    }

    /** The metric's value. */
    double compute(MetricInput input);
}
