package org.difflab.api;

/**
 * Claims a component makes beyond its extension point's basic contract. The contract suite checks each
 * claimed capability and reports checks for unclaimed ones as skipped.
 */
public enum Capability {
    /** Solver: draws Gaussian noise while integrating (a reverse SDE, ancestral or churned sampler). */
    STOCHASTIC,
    /**
     * Solver: chooses its own steps between the first and last grid time; the grid's inner times only mark where
     * its state is reported (e.g. by dense output), and its NFE may depend on the data.
     */
    ADAPTIVE_STEPS,
    /**
     * Solver: its model is a consistency function f(x, t), the probability-flow ODE's endpoint, not the posterior
     * mean (multistep consistency sampling, Song et al. 2023, Algorithm 1). The contract suite checks its samples
     * with the exact consistency function of a Gaussian instead of measuring an order on the mixture's denoiser.
     */
    CONSISTENCY_SAMPLING,
    /** Solver: reuses denoiser outputs from earlier steps (linear multistep, DPM-Solver++ 2M/3M). */
    MULTISTEP,
    /**
     * Data source: offers a closed-form density and exact denoiser ({@link DataSource#closedForm()}). Model: its
     * denoiser is the data's exact posterior mean wherever the data has a closed form.
     */
    CLOSED_FORM,
    /** Metric: the value for two identical sample sets is zero. */
    ZERO_FOR_IDENTICAL,
    /** Metric: swapping samples and reference leaves the value unchanged. */
    SYMMETRIC,
    /** Preconditioner: the network input has unit variance for data of the declared sigma_data. */
    UNIT_VARIANCE_INPUT,
    /** Noise distribution: offers the closed-form CDF of the times it draws. */
    CLOSED_FORM_CDF,
    /** Model architecture: needs a GPU to run in reasonable time. */
    NEEDS_GPU
}
