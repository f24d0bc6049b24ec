package org.difflab.plugins.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.InvalidOptionException;
import org.difflab.plugins.processes.RectifiedFlowProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

class TimeShiftScheduleTest {

    private static final RectifiedFlowProcess FLOW = new RectifiedFlowProcess(new RectifiedFlowProcess.Options(1e-3));

    private static double[] grid(int steps, double shift, Double start, Double end) {
        return new TimeShiftSchedule(new TimeShiftSchedule.Options(steps, shift, start, end)).times(FLOW);
    }

    @Test
    void isDiffusersSd3Grid() {
        // FlowMatchEulerDiscreteScheduler(shift=3, num_train_timesteps=1000): __init__ shifts the training sigmas
        // i/1000, so sigma_min = 3 (1/1000)/(1 + 2/1000) and sigma_max = 1; set_timesteps(n) spaces
        // linspace(1000 sigma_max, 1000 sigma_min, n)/1000, shifts those by 3 (t' = 3t/(1 + 2t)) and appends 0.
        double sigmaMin = 3 * 1e-3 / (1 + 2 * 1e-3);
        for (int n : new int[] {1, 4, 10, 28}) {
            double[] ours = grid(n, 3.0, 1.0, sigmaMin);
            assertThat(ours).hasSize(n + 1);
            for (int i = 0; i < n; i++) {
                double u = n == 1 ? 1.0 : 1.0 + i * (sigmaMin - 1.0) / (n - 1);
                double expected = 3 * u / (1 + 2 * u);
                // one linspace and one rational function: a few ulps
                assertThat(ours[i]).as("sigma_%d of %d", i, n).isCloseTo(expected, within(1e-15));
            }
            assertThat(ours[0]).isEqualTo(1.0);
            assertThat(ours[n]).isZero();
        }
    }

    @Test
    void shiftOneIsUniformAndLargerShiftsMoveEveryTimeTowardNoise() {
        double[] uniform = grid(10, 1.0, null, 0.0);
        for (int i = 0; i <= 10; i++) {
            assertThat(uniform[i]).isCloseTo(1.0 - i / 10.0, within(1e-15));
        }
        double[] shifted = grid(10, 3.0, null, 0.0);
        for (int i = 1; i < 10; i++) {
            assertThat(shifted[i]).isGreaterThan(uniform[i]).isLessThan(shifted[i - 1]);
            // the shift's inverse u = t'/(s - (s - 1) t') gives the uniform point back
            assertThat(shifted[i] / (3 - 2 * shifted[i])).isCloseTo(uniform[i], within(1e-15));
        }
        // default range: the process's sampling range [1e-3, 1], N points, then 0
        double[] defaults = grid(5, 3.0, null, null);
        assertThat(defaults[4]).isCloseTo(TimeShiftSchedule.shift(3.0, 1e-3), within(1e-17));
        assertThat(defaults[5]).isZero();
    }

    @Test
    void needsATimeRangeOfZeroToOne() {
        assertThatThrownBy(() -> new TimeShiftSchedule(new TimeShiftSchedule.Options(5, 3.0, null, null))
                .times(ReferenceProcesses.EDM_LIKE)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("maps [0, 1] onto itself");
        assertThatThrownBy(() -> grid(5, 3.0, 0.5, 0.7)).hasMessageContaining("must be below t_start");
    }
}
