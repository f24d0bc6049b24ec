package org.difflab.api;

import org.difflab.api.math.Rng;

/**
 * What a {@link Metric} sees.
 *
 * @param samples generated samples, flattened to [n][dims]
 * @param reference an independent draw from the data of the same size, [n][dims]
 * @param data the data source (for closed-form densities)
 * @param rng a stream reserved for this metric (e.g. random projections)
 */
public record MetricInput(double[][] samples, double[][] reference, DataSource data, Rng rng) {}
