package org.difflab.core.spec;

import org.difflab.api.Guidance;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.SpecFile;
import org.difflab.api.TimestepSchedule;
import org.difflab.core.component.Configured;

/**
 * The {@code sampling:} block of a spec.
 *
 * @param solver the ODE/SDE solver
 * @param schedule the time grid
 * @param count number of samples
 * @param precision arithmetic precision
 * @param initialNoise standard-normal draws replacing the seed's
 * @param batchSize samples integrated at once, or null for {@link org.difflab.core.run.SamplingBatch}'s choice
 * @param labels the class each sample is generated for (see {@link SampleLabels})
 * @param guidance how model predictions combine into the denoiser the solver sees
 * @param saveTrajectory whether to write the states and x0_hat of every step (trajectory.npy, denoised.npy)
 * @param prior the starting state's distribution (see {@link Prior})
 * @param priorSigmaData the data standard deviation the marginal prior assumes
 */
public record SamplingSpec(
        @Param(doc = "the ODE/SDE solver, e.g. {type: heun}") Configured<Solver> solver,
        @Param(doc = "the time grid, e.g. {type: karras, steps: 18}") Configured<TimestepSchedule> schedule,
        @Param(doc = "number of samples drawn", defaultValue = "10000", min = 1, max = 100000000) int count,
        @Param(doc = "arithmetic precision of sampling", defaultValue = "float64") Precision precision,
        @Param(doc = ".npy file of standard-normal draws of shape [count, sample shape...] used as the initial"
                + " noise instead of draws from the seed (a relative path: to the spec's folder, or to the working"
                + " directory when given with --set)", defaultValue = "null")
        SpecFile initialNoise,
        @Param(doc = "samples integrated together in one batch (default: for a closed-form model such as the exact"
                + " denoiser, as many as keep the widest working array near 262,144 values (2 MB), i.e. fewer as the"
                + " dimension or the number of mixture components grows; for a network, 10000)", min = 1)
        Integer batchSize,
        @Param(doc = "write trajectory.npy (the state at every grid time, [steps + 1, count, sample shape...]),"
                + " denoised.npy (each step's x0_hat, [steps, count, ...], NaN where a step evaluated nothing) and"
                + " trajectory_times.npy (the grid) into the run directory", defaultValue = "false")
        boolean saveTrajectory,
        @Param(doc = "the class each sample is generated for: none (unconditional), all (classes in turn), data"
                + " (drawn with the data's class frequencies) or a list of labels used in turn, e.g. [3]",
                defaultValue = "none") tools.jackson.databind.JsonNode labels,
        @Param(doc = "how model predictions combine into the denoiser the solver sees, e.g. {type: cfg, scale: 2}",
                defaultValue = "none") Configured<Guidance> guidance,
        @Param(doc = "the starting state x_t0 = c z: noise (c = sigma(t0), EDM's and k-diffusion's) or marginal"
                + " (c = sqrt(alpha(t0)^2 prior_sigma_data^2 + sigma(t0)^2), the marginal's std; on a"
                + " variance-preserving path with prior_sigma_data 1 plain z, as diffusers starts)",
                defaultValue = "noise") Prior prior,
        @Param(doc = "data standard deviation assumed by prior: marginal", defaultValue = "1.0", min = 0)
        double priorSigmaData) {

    /** The factor c of the starting state x_t0 = c z at the grid's first time t0. */
    public double priorScale(org.difflab.api.ForwardProcess process, double t0) {
        return prior.scale(process, t0, priorSigmaData);
    }
}
