package org.difflab.core.run;

import org.difflab.api.Capability;
import org.difflab.api.DataSource;
import org.difflab.api.math.GaussianMixture;
import org.difflab.core.spec.ExperimentSpec;

/**
 * How many samples the sampler integrates at once: {@code sampling.batch_size} when the spec sets it; otherwise,
 * for a closed-form model (one claiming {@link Capability#CLOSED_FORM}, such as the exact denoiser), as many as keep its widest working array at about {@link #VALUES} values (the [batch, d]
 * states, or the [K, batch] responsibilities of a K-component mixture), so the batch shrinks as d or K grows and
 * small problems run in few, large batches (fewer calls into the engine); for a network, 10,000. Depends only on
 * the spec and the data, so a run's batches, and a stochastic solver's noise streams, are reproducible.
 */
public final class SamplingBatch {

    /**
     * Values in the widest working array of an exact-model batch: 2^18, 2 MB in float64, so a step's arrays stay in
     * the processor's cache and the allocator reuses their memory (4 million 2-D samples: batches of 131,072 rows
     * kept 480 MB more resident than batches of 10,000 and were no faster; 400,000 rows were slower).
     */
    static final long VALUES = 1L << 18;

    /** The batch of a network model when the spec does not set one. */
    static final int NETWORK_ROWS = 10_000;

    private SamplingBatch() {}

    /** Samples per batch for {@code spec} on {@code data}. */
    public static int rows(ExperimentSpec spec, DataSource data) {
        var sampling = spec.sampling();
        if (sampling.batchSize() != null) {
            return Math.min(sampling.count(), sampling.batchSize());
        }
        if (!SamplingBatch.closedForm(spec)) {
            return Math.min(sampling.count(), NETWORK_ROWS);
        }
        return exactRows(sampling.count(), valuesPerRow(data));
    }

    /** The widest exact-model array's values per sample: the dimension, or the mixture's components if more. */
    static long valuesPerRow(DataSource data) {
        long components = data.closedForm().filter(GaussianMixture.class::isInstance)
                .map(c -> (long) ((GaussianMixture) c).components()).orElse(1L);
        return Math.max(data.sampleShape().size(), components);
    }

    /**
     * Whether the spec's model is a closed-form one: its cost is a few array passes per sample, not a network's
     * matrix products, which decides batch size and threads.
     */
    static boolean closedForm(ExperimentSpec spec) {
        return spec.model().create().capabilities().contains(Capability.CLOSED_FORM);
    }

    static int exactRows(int count, long valuesPerRow) {
        return (int) Math.max(1, Math.min(count, VALUES / valuesPerRow));
    }
}
