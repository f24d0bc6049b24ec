package org.difflab.plugins.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.junit.jupiter.api.Test;

class TimeGridSchedulesTest {

    private final ForwardProcess vp = Fixtures.LINEAR_VP;
    private final ForwardProcess ot = Fixtures.CONDITIONAL_OT;

    /** numpy.linspace(a, b, n)[i]. */
    private static double linspace(double a, double b, int n, int i) {
        return n == 1 ? a : a + (b - a) * i / (n - 1);
    }

    @Test
    void uniformTimeIsScoreSdeAndEdmVpTimeSteps() {
        for (int steps : new int[] {1, 2, 18, 1000}) {
            double[] times = GridAssertions.validGrid(
                    new UniformTimeSchedule(new UniformTimeSchedule.Options(steps, null, null)), vp, steps);
            for (int i = 0; i < steps; i++) {
                // score SDE: linspace(T=1, eps=1e-3, N); EDM Table 1 VP: t_i = 1 + i/(N-1)(eps_s - 1).
                double edm = steps == 1 ? 1 : 1 + (double) i / (steps - 1) * (1e-3 - 1);
                assertThat(times[i]).as("t_%d", i).isCloseTo(edm, within(1e-15));
            }
            assertThat(times[steps]).isZero();
        }
    }

    @Test
    void uniformTimeExtendsDpmSolversTimeUniformByTheFinalStep() {
        // DPM-Solver get_time_steps('time_uniform', t_T=1, t_0=1e-3, N): linspace(t_T, t_0, N + 1), no step to 0.
        int n = 20;
        double[] ours = new UniformTimeSchedule(new UniformTimeSchedule.Options(n + 1, null, null)).times(vp);
        for (int i = 0; i <= n; i++) {
            assertThat(ours[i]).isCloseTo(linspace(1, 1e-3, n + 1, i), within(1e-15));
        }
    }

    @Test
    void uniformTimeToTMinIsFlowMatchingsGrid() {
        int steps = 10;
        double[] times = GridAssertions.validGrid(
                new UniformTimeSchedule(new UniformTimeSchedule.Options(steps, null, 0.0)), ot, steps);
        for (int i = 0; i <= steps; i++) {
            // flow_matching ODESolver with step_size 1/N over [0, 1], in our time t = 1 - t_FM.
            assertThat(times[i]).isCloseTo(1 - (double) i / steps, within(1e-15));
        }
        double[] custom = GridAssertions.validGrid(
                new UniformTimeSchedule(new UniformTimeSchedule.Options(4, 0.8, 0.2)), ot, 4);
        assertThat(custom).containsExactly(new double[] {0.8, 0.6, 0.4, 0.2, 0.0}, within(1e-15));
    }

    @Test
    void quadraticTimeIsDpmSolversTimeQuadratic() {
        // DPM-Solver get_time_steps('time_quadratic', t_T=1, t_0=1e-3, N): linspace(sqrt(t_T), sqrt(t_0), N+1)^2.
        for (int n : new int[] {1, 5, 20}) {
            double[] ours = GridAssertions.validGrid(
                    new QuadraticTimeSchedule(new QuadraticTimeSchedule.Options(n + 1, null, null)), vp, n + 1);
            for (int i = 0; i <= n; i++) {
                double root = linspace(Math.sqrt(1), Math.sqrt(1e-3), n + 1, i);
                // sqrt and square on both sides: a few ulps of t <= 1.
                assertThat(ours[i]).as("t_%d", i).isCloseTo(root * root, within(1e-15));
            }
        }
        double[] toData = GridAssertions.validGrid(
                new QuadraticTimeSchedule(new QuadraticTimeSchedule.Options(4, null, 0.0)), ot, 4);
        assertThat(toData).containsExactly(new double[] {1, 9.0 / 16, 4.0 / 16, 1.0 / 16, 0}, within(1e-15));
    }

    @Test
    void badRangesNameTheOption() {
        assertThatThrownBy(() -> new UniformTimeSchedule(new UniformTimeSchedule.Options(5, 0.5, 0.7)))
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("t_end"));
        assertThatThrownBy(() -> new UniformTimeSchedule(new UniformTimeSchedule.Options(5, 2.0, null)).times(vp))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("tMax")
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("t_start"));
        assertThatThrownBy(() -> new UniformTimeSchedule(new UniformTimeSchedule.Options(5, null, -0.1)).times(vp))
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("t_end"));
        assertThatThrownBy(() -> new QuadraticTimeSchedule(new QuadraticTimeSchedule.Options(0, null, null)))
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("steps"));
    }
}
