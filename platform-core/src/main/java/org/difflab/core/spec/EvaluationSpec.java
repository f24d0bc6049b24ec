package org.difflab.core.spec;

import java.util.List;
import org.difflab.api.Metric;
import org.difflab.api.Param;
import org.difflab.core.component.Configured;

/**
 * The {@code evaluation:} block of a spec.
 *
 * @param metrics metrics computed on the samples (and, as a baseline, on a fresh draw from the data)
 * @param plots whether to draw samples.png
 * @param odeError whether to report ode_rmse, the distance to the exact probability-flow ODE endpoints
 * @param odeErrorCount how many samples ode_rmse uses
 * @param nllPoints how many held-out data points likelihood metrics (pf_ode_nll) use; null for their default
 */
public record EvaluationSpec(
        @Param(doc = "metrics computed on the samples, e.g. [energy_distance, exact_nll]", defaultValue = "[]")
        List<Configured<Metric>> metrics,
        @Param(doc = "draw samples.png (samples over the data density)", defaultValue = "true") boolean plots,
        @Param(doc = "report ode_rmse: RMS distance (per coordinate) of each sample to the exact probability-flow"
                + " ODE endpoint of its own initial noise (closed-form data, deterministic solvers)",
                defaultValue = "false") boolean odeError,
        @Param(doc = "samples used for ode_rmse (the first ones); the exact endpoints are cached under"
                + " <out>/.cache", defaultValue = "512", min = 1) int odeErrorCount,
        // no default value, so that specs without the key keep their run ids
        @Param(doc = "held-out data points on which likelihood metrics (pf_ode_nll) are computed, independent of the"
                + " training data and the samples (default 1000)", min = 1, max = 10000000) Integer nllPoints) {

    /** {@link #nllPoints} or its default. */
    public int likelihoodPoints() {
        return nllPoints != null ? nllPoints : org.difflab.api.model.ModelUnderTest.DEFAULT_LIKELIHOOD_POINTS;
    }
}
