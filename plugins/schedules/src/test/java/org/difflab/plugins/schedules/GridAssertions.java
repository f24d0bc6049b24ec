package org.difflab.plugins.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import org.difflab.api.ForwardProcess;
import org.difflab.api.TimestepSchedule;

/** The TimestepSchedule contract: N + 1 times, strictly decreasing, inside the range, ending at tMin, repeatable. */
final class GridAssertions {

    private GridAssertions() {}

    static double[] validGrid(TimestepSchedule schedule, ForwardProcess process, int steps) {
        double[] times = schedule.times(process);
        assertThat(times).as("%s on %s", schedule, process.getClass().getSimpleName()).hasSize(steps + 1);
        assertThat(times[steps]).isEqualTo(process.tMin());
        assertThat(times[0]).isLessThanOrEqualTo(process.tMax());
        for (int i = 0; i < steps; i++) {
            assertThat(times[i]).as("t_%d > t_%d", i, i + 1).isGreaterThan(times[i + 1]);
        }
        assertThat(schedule.times(process)).as("deterministic").containsExactly(times);
        return times;
    }
}
