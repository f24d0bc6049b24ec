package org.difflab.api;

import java.nio.file.Path;
import org.difflab.api.math.Rng;
import org.difflab.api.model.ModelUnderTest;

/**
 * What a {@link Metric} sees. Point sets are flat and row-major ({@link Points}): {@code samples().get(i, j)} is
 * coordinate j of sample i, {@code samples().subsample(max, rng)} at most {@code max} of them.
 *
 * @param samples the generated samples (or, for the data-vs-data baseline, a fresh data draw in their place)
 * @param reference an independent draw from the data: as many points as the samples, or fewer when every metric
 *     of the run uses fewer ({@link Metric#referencePoints()})
 * @param data the data source (for closed-form densities)
 * @param rng a stream reserved for this metric (e.g. random projections)
 * @param sampleLabels the class each sample was generated for (null when sampling was unconditional);
 *     for the data baseline, the baseline draw's own labels
 * @param referenceLabels the reference draw's labels (null for unlabelled data)
 * @param model the model, process and held-out data, for metrics that need {@link Metric.Need#MODEL} (else null)
 * @param cacheDirectory where a metric may keep what it derives from the data alone and reuses across runs (a
 *     trained feature network), in files named by a digest of their content's inputs, written atomically; the results
 *     root's {@code .cache}, or null when there is none (then the metric keeps such things in memory only)
 */
public record MetricInput(Points samples, Points reference, DataSource data, Rng rng, int[] sampleLabels,
        int[] referenceLabels, ModelUnderTest model, Path cacheDirectory) {

    /** Input without a cache directory. */
    public MetricInput(Points samples, Points reference, DataSource data, Rng rng, int[] sampleLabels,
            int[] referenceLabels, ModelUnderTest model) {
        this(samples, reference, data, rng, sampleLabels, referenceLabels, model, null);
    }

    /** Input of a metric that needs nothing beyond samples, reference and data. */
    public MetricInput(Points samples, Points reference, DataSource data, Rng rng) {
        this(samples, reference, data, rng, null, null, null);
    }
}
