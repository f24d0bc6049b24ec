package org.difflab.plugins.schedules;

/**
 * diffusers' {@code timestep_spacing}: which of a DDPM's N training indices a sampler with n steps evaluates
 * (DDIMScheduler.set_timesteps; Lin et al. 2024, "Common Diffusion Noise Schedules and Sample Steps are Flawed",
 * Table 2). Each gives n descending indices in [0, N - 1].
 */
public enum TimestepSpacing {

    /** round(linspace(0, N - 1, n)), descending: both ends, the noisiest index N - 1 included. */
    LINSPACE,

    /** k * (N // n) + steps_offset, k = n-1..0: Stable Diffusion's default (steps_offset 1 there). */
    LEADING,

    /** round(arange(N, 0, -N/n)) - 1: starts at the last index N - 1 (Lin et al.'s fix). */
    TRAILING;

    /** The n indices, descending, before any range check. */
    long[] indices(int trainingSteps, int steps, int stepsOffset) {
        return switch (this) {
            case LINSPACE -> {
                long[] out = new long[steps];
                for (int k = 0; k < steps; k++) {
                    // numpy's linspace: start + k * (stop - start)/(n - 1), the last exactly stop; round half to even
                    double value = steps == 1 ? 0.0 : k == steps - 1 ? trainingSteps - 1.0
                            : k * ((trainingSteps - 1.0) / (steps - 1));
                    out[steps - 1 - k] = (long) Math.rint(value);
                }
                yield out;
            }
            case LEADING -> {
                int ratio = trainingSteps / steps;
                long[] out = new long[steps];
                for (int k = 0; k < steps; k++) {
                    out[steps - 1 - k] = (long) k * ratio + stepsOffset;
                }
                yield out;
            }
            case TRAILING -> {
                double ratio = (double) trainingSteps / steps;
                // numpy's arange(N, 0, -ratio), values N - k ratio; for some n (61, 103, 121, ...) its length
                // ceil(N/ratio) is n + 1 by round-off, a last value ~1e-13 that diffusers keeps as index -1: the
                // n intended values are taken here
                long[] out = new long[steps];
                for (int k = 0; k < steps; k++) {
                    out[k] = (long) Math.rint(trainingSteps + k * -ratio) - 1;
                }
                yield out;
            }
        };
    }
}
