package org.difflab.plugins.schedules;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * Times uniform in the process's own time: t_i = t_start + i/(N-1) (t_end - t_start), i = 0..N-1, then tMin.
 * Sources: score SDE's sampling grid linspace(T, epsilon, N) (Song et al. 2021), EDM's VP time steps
 * t_i = 1 + i/(N-1)(epsilon_s - 1) (Karras et al. 2022, Table 1) and DPM-Solver's 'time_uniform' (Lu et al. 2022).
 * With t_end = tMin (e.g. {@code t_end: 0} on a flow-matching path) the grid is instead N + 1 points uniform from
 * t_start to tMin, flow matching's fixed-step grid (see {@link PowerTimeGrid}).
 */
@Extension
@Component(id = "uniform-time", summary = "Times uniform in the process's t from t_start to t_end, then the final step")
public final class UniformTimeSchedule extends PowerTimeGrid {

    /** Options of {@link UniformTimeSchedule}. */
    public record Options(
            @Param(doc = "number of steps N (N times, then the final time tMin)", defaultValue = "18", min = 1)
            int steps,
            @Param(doc = "first time (default: the process's sampling start)") Double tStart,
            @Param(doc = "last time before tMin (default: the process's sampling end); tMin itself spaces all N "
                    + "steps uniformly down to tMin") Double tEnd) {}

    /** A uniform time grid. */
    public UniformTimeSchedule(Options options) {
        super(options.steps(), options.tStart(), options.tEnd(), 1.0);
    }
}
