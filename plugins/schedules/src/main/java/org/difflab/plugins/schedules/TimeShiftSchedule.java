package org.difflab.plugins.schedules;

import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.TimestepSchedule;
import org.difflab.api.math.Ramp;
import org.pf4j.Extension;

/**
 * Stable Diffusion 3's shifted time grid for rectified flow (Esser et al. 2024, eq. 23; diffusers'
 * FlowMatchEulerDiscreteScheduler): u_i uniform from t_start to t_end (N points, both included), each moved to
 * <pre>  t_i = s u_i / (1 + (s - 1) u_i),</pre>
 * then the final time 0. s &gt; 1 spends more steps at high noise; s = 1 is the uniform grid. With t_end = 0 the grid
 * is instead N + 1 points down to 0 (flow matching's N equal steps before the shift). diffusers' set_timesteps
 * spaces u from 1 to its shifted sigma_min, s/N_train/(1 + (s - 1)/N_train) (0.003/1.002 for s = 3, N_train = 1000),
 * and shifts again: that is t_end = 0.003/1.002 here.
 *
 * <p>The shift maps [0, 1] onto itself, so the process's time must be [0, 1] with t = 1 noise (rectified flow,
 * other affine paths on [0, 1]).
 */
@Extension
@Component(id = "time-shift", summary = "SD3's shifted time grid s u/(1 + (s-1) u) for rectified flow")
public final class TimeShiftSchedule implements TimestepSchedule {

    /** Options of {@link TimeShiftSchedule}. */
    public record Options(
            @Param(doc = "number of steps N (N times, then the final time 0)", defaultValue = "28", min = 1)
            int steps,
            @Param(doc = "shift s (SD3: 3.0); 1 is the unshifted grid", defaultValue = "3.0", min = 0,
                    exclusiveMin = true) double shift,
            @Param(doc = "first time before the shift (default: the process's sampling start)", min = 0, max = 1)
            Double tStart,
            @Param(doc = "last time before the shift (default: the process's sampling end); 0 spaces N + 1 points"
                    + " down to 0", min = 0, max = 1) Double tEnd) {}

    private final Options options;

    /** A shifted grid. */
    public TimeShiftSchedule(Options options) {
        this.options = options;
    }

    /** SD3's shift t' = s t / (1 + (s - 1) t). */
    public static double shift(double s, double t) {
        return s * t / (1.0 + (s - 1.0) * t);
    }

    @Override
    public double[] times(ForwardProcess process) {
        if (process.tMin() != 0.0 || process.tMax() != 1.0) {
            throw new InvalidOptionException("shift", "the time shift maps [0, 1] onto itself; this process's time"
                    + " runs over [" + process.tMin() + ", " + process.tMax() + "]");
        }
        int steps = options.steps();
        double start = options.tStart() != null ? options.tStart() : process.samplingStart();
        double end = options.tEnd() != null ? options.tEnd() : process.samplingEnd();
        if (!(end < start)) {
            throw new InvalidOptionException("t_end", "t_end (" + end + ") must be below t_start (" + start + ")");
        }
        boolean toData = end == 0.0;
        double[] u = Ramp.linspace(start, end, toData ? steps + 1 : steps);
        double[] times = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            times[i] = shift(options.shift(), u[i]);
        }
        times[steps] = 0.0;
        return times;
    }

    @Override
    public String toString() {
        return "TimeShiftSchedule[" + options + "]";
    }
}
