package org.difflab.api;

/**
 * The time grid of a sampler. "steps: N" means N steps: N times t_0 &gt; ... &gt; t_{N-1} at which the
 * denoiser may be evaluated, then the final time t_N = process.tMin() (EDM's t_N = 0). A schedule defined
 * in noise levels maps them to the process's time with {@link ForwardProcess#timeAtNoiseLevel};
 * {@link org.difflab.api.sampling.NoiseLevelSchedule} does this once for all such schedules.
 *
 * <p>Contract: strictly decreasing, length N + 1, inside the process's time range, and the same result
 * for the same arguments.
 */
public interface TimestepSchedule extends Pluggable {

    /** The descending grid of N + 1 times for {@code process}. */
    double[] times(ForwardProcess process);
}
