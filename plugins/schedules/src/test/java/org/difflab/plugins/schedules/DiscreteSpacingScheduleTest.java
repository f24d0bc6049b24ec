package org.difflab.plugins.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.difflab.api.InvalidOptionException;
import org.difflab.plugins.processes.DdpmBetas;
import org.difflab.plugins.processes.VpDiscreteProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

class DiscreteSpacingScheduleTest {

    private static final int N = 1000;
    private static final VpDiscreteProcess DDPM = new VpDiscreteProcess(new VpDiscreteProcess.Options(
            DdpmBetas.SCALED_LINEAR, N, 0.00085, 0.012));

    private static double[] times(int steps, TimestepSpacing spacing, int offset) {
        return new DiscreteSpacingSchedule(new DiscreteSpacingSchedule.Options(steps, spacing, offset)).times(DDPM);
    }

    /** The times of training indices m, (m + 1)/N, then 0. */
    private static double[] atIndices(int... indices) {
        double[] out = new double[indices.length + 1];
        for (int i = 0; i < indices.length; i++) {
            out[i] = (indices[i] + 1.0) / N;
        }
        return out;
    }

    @Test
    void indicesAreDiffusersSetTimesteps() {
        // numpy on DDIMScheduler.set_timesteps' formulas, N = 1000:
        //   linspace: np.linspace(0, N - 1, n).round()[::-1]
        //   leading:  (np.arange(0, n) * (N // n)).round()[::-1] + steps_offset
        //   trailing: np.round(np.arange(N, 0, -N / n)) - 1
        assertThat(times(4, TimestepSpacing.LINSPACE, 0)).containsExactly(atIndices(999, 666, 333, 0));
        assertThat(times(7, TimestepSpacing.LINSPACE, 0)).containsExactly(atIndices(999, 832, 666, 500, 333, 166, 0));
        assertThat(times(4, TimestepSpacing.LEADING, 1)).containsExactly(atIndices(751, 501, 251, 1));
        assertThat(times(7, TimestepSpacing.LEADING, 1)).containsExactly(atIndices(853, 711, 569, 427, 285, 143, 1));
        assertThat(times(3, TimestepSpacing.LEADING, 0)).containsExactly(atIndices(666, 333, 0));
        assertThat(times(4, TimestepSpacing.TRAILING, 0)).containsExactly(atIndices(999, 749, 499, 249));
        assertThat(times(7, TimestepSpacing.TRAILING, 0)).containsExactly(atIndices(999, 856, 713, 570, 428, 285,
                142));
        // Stable Diffusion's 50 steps (leading, steps_offset 1): 981, 961, ..., 1
        double[] sd = times(50, TimestepSpacing.LEADING, 1);
        for (int i = 0; i < 50; i++) {
            assertThat(sd[i]).isEqualTo((981 - 20 * i + 1.0) / N);
        }
    }

    @Test
    void everyStepCountGivesDistinctIndicesInRange() {
        for (TimestepSpacing spacing : TimestepSpacing.values()) {
            for (int steps = 1; steps <= N; steps++) {
                double[] grid = times(steps, spacing, 0);
                assertThat(grid).as("%s, %d steps", spacing, steps).hasSize(steps + 1);
                for (int i = 0; i < steps; i++) {
                    double index = grid[i] * N - 1;
                    assertThat(index).isEqualTo(Math.rint(index)).isBetween(0.0, N - 1.0);
                    assertThat(grid[i]).isGreaterThan(grid[i + 1]);
                }
                assertThat(grid[steps]).isZero();
                if (spacing == TimestepSpacing.TRAILING || spacing == TimestepSpacing.LINSPACE && steps > 1) {
                    assertThat(grid[0]).as("starts at the last index").isEqualTo(1.0);
                }
            }
        }
        // where numpy's arange gives n + 1 values (n = 61), the n intended ones: ..., 32, 16 (not -1)
        double[] sixtyOne = times(61, TimestepSpacing.TRAILING, 0);
        assertThat(sixtyOne[60] * N - 1).isEqualTo(Math.rint(1000 - 60 * 1000.0 / 61) - 1);
    }

    @Test
    void indicesOutsideTheTableOrAnotherProcessAreRejected() {
        assertThatThrownBy(() -> times(1000, TimestepSpacing.LEADING, 1)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("gives index 1000, outside 0..999");
        assertThatThrownBy(() -> times(1001, TimestepSpacing.TRAILING, 0))
                .hasMessageContaining("exceeds the process's 1000 training steps");
        assertThatThrownBy(() -> new DiscreteSpacingSchedule(new DiscreteSpacingSchedule.Options(10,
                TimestepSpacing.TRAILING, 0)).times(ReferenceProcesses.VP_SDE))
                .hasMessageContaining("vp-discrete");
    }
}
