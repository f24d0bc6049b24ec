package org.difflab.plugins.schedules;

import org.difflab.api.Component;
import org.difflab.api.DiscreteTimeProcess;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.TimestepSchedule;
import org.pf4j.Extension;

/**
 * diffusers' discrete time steps on a {@code vp-discrete} process: the n training indices of
 * {@link TimestepSpacing} (linspace, leading with steps_offset, trailing; DDIMScheduler.set_timesteps), each index
 * m evaluated at its time t = (m + 1)/N, then the final step to t = 0, clean data (DDIM with set_alpha_to_one,
 * whose step after index 0 goes to abar = 1).
 */
@Extension
@Component(id = "discrete-spacing", summary = "diffusers' leading/trailing/linspace time steps of a vp-discrete DDPM")
public final class DiscreteSpacingSchedule implements TimestepSchedule {

    /** Options of {@link DiscreteSpacingSchedule}. */
    public record Options(
            @Param(doc = "number of steps n (n training indices, then the final step to data)", defaultValue = "50",
                    min = 1) int steps,
            @Param(doc = "diffusers' timestep_spacing: linspace, leading or trailing", defaultValue = "leading")
            TimestepSpacing spacing,
            @Param(doc = "diffusers' steps_offset, added to the leading indices (Stable Diffusion: 1)",
                    defaultValue = "0", min = 0) int stepsOffset) {}

    private final Options options;

    /** A diffusers spacing. */
    public DiscreteSpacingSchedule(Options options) {
        this.options = options;
    }

    @Override
    public double[] times(ForwardProcess process) {
        if (!(process instanceof DiscreteTimeProcess ddpm)) {
            throw new InvalidOptionException("spacing", "discrete-spacing picks training indices of a vp-discrete"
                    + " process; this process is " + process.getClass().getSimpleName() + " (use karras, log-snr or"
                    + " uniform-time there)");
        }
        int trainingSteps = ddpm.trainingSteps();
        if (options.steps() > trainingSteps) {
            throw new InvalidOptionException("steps", "steps (" + options.steps() + ") exceeds the process's "
                    + trainingSteps + " training steps");
        }
        long[] indices = options.spacing().indices(trainingSteps, options.steps(), options.stepsOffset());
        double[] times = new double[indices.length + 1];
        for (int i = 0; i < indices.length; i++) {
            long m = indices[i];
            if (m < 0 || m >= trainingSteps || i > 0 && !(m < indices[i - 1])) {
                throw new InvalidOptionException(options.stepsOffset() > 0 ? "steps_offset" : "steps", "spacing "
                        + options.spacing().name().toLowerCase() + " with " + options.steps() + " steps and"
                        + " steps_offset " + options.stepsOffset() + " gives index " + m + ", outside 0.."
                        + (trainingSteps - 1) + " or repeated");
            }
            times[i] = ddpm.timeOfIndex((int) m);
        }
        times[indices.length] = process.tMin();
        return times;
    }

    @Override
    public String toString() {
        return "DiscreteSpacingSchedule[" + options + "]";
    }
}
