package org.difflab.core.run;

import org.difflab.api.math.Rng;

/**
 * The independent random streams of a run, all split from the spec's seed: changing how one is consumed
 * (e.g. a stochastic solver's draws) never shifts another (e.g. the initial noise).
 */
public enum SeedStreams {
    /** Initial noise of the sampler (unless sampling.initial_noise is given). */
    INITIAL_NOISE,
    /** Gaussian draws of stochastic solvers (split further per batch). */
    SOLVER,
    /** The reference draw from the data that metrics compare against. */
    REFERENCE,
    /** A second, independent data draw: the metrics' data-vs-data baseline. */
    BASELINE,
    /** Metric-internal randomness (split further per metric). */
    METRICS,
    /** Training draws (data batches, noise levels, noise). */
    TRAINING,
    /** The class labels of samples drawn with the data's class frequencies. */
    LABELS,
    /** Held-out data for metrics of the model (likelihoods). */
    HELD_OUT;

    /** This stream for {@code seed}. */
    public Rng of(long seed) {
        return new Rng(seed).split(ordinal() + 1L);
    }
}
