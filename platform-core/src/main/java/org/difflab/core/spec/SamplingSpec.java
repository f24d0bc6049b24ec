package org.difflab.core.spec;

import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.TimestepSchedule;
import org.difflab.core.component.Configured;
import org.difflab.api.SpecFile;

/**
 * The {@code sampling:} block of a spec.
 *
 * @param solver the ODE/SDE solver
 * @param schedule the time grid
 * @param count number of samples
 * @param precision arithmetic precision
 * @param initialNoise standard-normal draws replacing the seed's
 * @param batchSize samples integrated at once, or null for {@link org.difflab.core.run.SamplingBatch}'s choice
 */
public record SamplingSpec(
        @Param(doc = "the ODE/SDE solver, e.g. {type: heun}") Configured<Solver> solver,
        @Param(doc = "the time grid, e.g. {type: karras, steps: 18}") Configured<TimestepSchedule> schedule,
        @Param(doc = "number of samples drawn", defaultValue = "10000", min = 1, max = 100000000) int count,
        @Param(doc = "arithmetic precision of sampling", defaultValue = "float64") Precision precision,
        @Param(doc = ".npy file of standard-normal draws of shape [count, sample shape...] used as the initial"
                + " noise instead of draws from the seed (path relative to the spec)", defaultValue = "null")
        SpecFile initialNoise,
        @Param(doc = "samples integrated together in one batch (default: for the exact model, as many as keep the"
                + " widest working array near 262,144 values (2 MB), i.e. fewer as the dimension or the number of mixture"
                + " components grows; for a network, 10000)", min = 1) Integer batchSize) {}
