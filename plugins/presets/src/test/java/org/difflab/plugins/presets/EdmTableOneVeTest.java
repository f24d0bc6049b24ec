package org.difflab.plugins.presets;

import org.difflab.plugins.processes.VeForm;
import org.difflab.plugins.preconditioners.VePreconditioner;
import org.difflab.plugins.processes.VeProcess;
import org.difflab.plugins.schedules.VeSchedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.ForwardProcess;
import org.difflab.api.math.PathPoint;
import org.junit.jupiter.api.Test;

/** The VE column of Karras et al. (2022), Table 1: c_in, c_noise and the time steps, recomputed from the paper. */
class EdmTableOneVeTest {

    @Test
    void preconditionerIsTableOneVeColumn() {
        VePreconditioner ve = new VePreconditioner();
        for (double sigma : new double[] {0.002, 0.02, 0.5, 1, 2, 80, 100}) {
            PathPoint veType = new PathPoint(sigma * sigma, 1, sigma, 0, 0.5 / sigma);
            double alpha = 0.3; // any path with the same noise level sigma_t/alpha
            PathPoint scaled = new PathPoint(0.5, alpha, alpha * sigma, -1, 1);
            for (PathPoint p : new PathPoint[] {veType, scaled}) {
                assertThat(ve.inputScale(p) * p.alpha()).as("c_in").isCloseTo(1.0, within(1e-15));
                // c_noise = ln(sigma/2); noiseLevel() is sigma_t/alpha, exact for alpha = 1, 1 ulp otherwise.
                assertThat(ve.noiseInput(p)).as("c_noise(%s)", sigma).isCloseTo(Math.log(0.5 * sigma), within(1e-14));
            }
        }
    }

    @Test
    void scheduleIsTableOneVeTimeSteps() {
        VeProcess edmVe = new VeProcess(new VeProcess.Options(VeForm.SQRT, null, null, null));
        double sigmaMin = 0.02;
        double sigmaMax = 100;
        for (int steps : new int[] {1, 2, 18, 100}) {
            double[] times = new VeSchedule(new VeSchedule.Options(steps, null, null)).times(edmVe);
            assertThat(times).hasSize(steps + 1);
            assertThat(times[steps]).isEqualTo(0.0);
            for (int i = 0; i < steps; i++) {
                // Table 1: t_i = sigma_max^2 (sigma_min^2/sigma_max^2)^{i/(N-1)}, in EDM's VE time t = sigma^2.
                double t = steps == 1 ? sigmaMax * sigmaMax
                        : sigmaMax * sigmaMax
                                * Math.pow(sigmaMin * sigmaMin / (sigmaMax * sigmaMax), (double) i / (steps - 1));
                // pow of a ratio of squares vs exp of a log ratio: ~1e-15 relative per factor ln(ratio) ~ 17.
                assertThat(times[i]).as("t_%d of %d", i, steps).isCloseTo(t, within(1e-13 * t));
                assertThat(times[i]).isGreaterThan(times[i + 1]);
            }
            assertThat(new VeSchedule(new VeSchedule.Options(steps, null, null)).times(edmVe)).containsExactly(times);
        }
    }

    @Test
    void scheduleOnSongsGeometricProcessIsUniformInTime() {
        // sigma geometric in i and sigma(t) geometric in t: the VE grid is uniform in Song's time, from 1 to epsilon.
        VeProcess song = new VeProcess(new VeProcess.Options(VeForm.GEOMETRIC, null, null, null));
        int steps = 10;
        double[] times = new VeSchedule(new VeSchedule.Options(steps, null, null)).times(song);
        for (int i = 0; i < steps; i++) {
            double t = 1 + (double) i / (steps - 1) * (1e-5 - 1);
            // One ln and one exp per level, mapped back by a ratio of logs: ~1e-15 absolute in t.
            assertThat(times[i]).as("t_%d", i).isCloseTo(t, within(1e-13));
        }
        assertThat(times[steps]).isEqualTo(song.tMin());
        // Asking for a level below sigma(0) = sigma_min names the process's floor.
        ForwardProcess p = song;
        assertThatThrownBy(() -> new VeSchedule(new VeSchedule.Options(steps, 0.002, null)).times(p))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimum 0.01");
    }
}
