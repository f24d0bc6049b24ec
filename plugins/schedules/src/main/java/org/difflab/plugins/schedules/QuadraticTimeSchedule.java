package org.difflab.plugins.schedules;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * DPM-Solver's 'time_quadratic' grid (Lu et al. 2022; dpm_solver_pytorch.py, get_time_steps): uniform in
 * sqrt(t - tMin), t_i = tMin + (sqrt(t_start - tMin) + i/(N-1) (sqrt(t_end - tMin) - sqrt(t_start - tMin)))^2,
 * i = 0..N-1, then tMin; denser near data. With t_end = tMin, N + 1 points down to tMin (see {@link PowerTimeGrid}).
 */
@Extension
@Component(id = "quadratic-time", summary = "DPM-Solver's time_quadratic: uniform in sqrt(t), then the final step")
public final class QuadraticTimeSchedule extends PowerTimeGrid {

    /** Options of {@link QuadraticTimeSchedule}. */
    public record Options(
            @Param(doc = "number of steps N (N times, then the final time tMin)", defaultValue = "18", min = 1)
            int steps,
            @Param(doc = "first time (default: the process's sampling start)") Double tStart,
            @Param(doc = "last time before tMin (default: the process's sampling end); tMin itself spaces all N "
                    + "steps down to tMin") Double tEnd) {}

    /** A quadratic time grid. */
    public QuadraticTimeSchedule(Options options) {
        super(options.steps(), options.tStart(), options.tEnd(), 2.0);
    }
}
