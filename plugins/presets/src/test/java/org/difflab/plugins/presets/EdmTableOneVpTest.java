package org.difflab.plugins.presets;

import org.difflab.api.math.IddpmNoiseLevels;
import org.difflab.plugins.processes.DdpmBetas;
import org.difflab.plugins.preconditioners.IddpmPreconditioner;
import org.difflab.plugins.schedules.IddpmSchedule;
import org.difflab.plugins.processes.VpDiscreteProcess;
import org.difflab.plugins.preconditioners.VpPreconditioner;
import org.difflab.plugins.processes.VpProcess;
import org.difflab.plugins.schedules.VpSchedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.math.PathPoint;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

/**
 * The VP and iDDPM columns of Karras et al. (2022), Table 1: c_in, c_noise and the time steps, each recomputed
 * here from the paper's formulas (and NVlabs/edm's ablation sampler where the paper leaves a detail open).
 */
class EdmTableOneVpTest {

    private static final double BETA_D = 19.9;
    private static final double BETA_MIN = 0.1;
    private static final int M = 1000;
    private static final double[] SIGMAS = {0.002, 0.0105, 0.1, 0.5, 1.0, 7.3, 80.0, 152.0};

    /** Table 1, VP: sigma(t) = sqrt(e^{beta_d t^2/2 + beta_min t} - 1). */
    private static double sigmaVp(double t, double betaD, double betaMin) {
        return Math.sqrt(Math.exp(0.5 * betaD * t * t + betaMin * t) - 1);
    }

    /** Table 1, VP: sigma^-1(sigma) = (sqrt(beta_min^2 + 2 beta_d ln(sigma^2 + 1)) - beta_min)/beta_d. */
    private static double sigmaVpInverse(double sigma) {
        return (Math.sqrt(BETA_MIN * BETA_MIN + 2 * BETA_D * Math.log(sigma * sigma + 1)) - BETA_MIN) / BETA_D;
    }

    /** Table 1, iDDPM: u_M = 0, u_{j-1} = sqrt((u_j^2+1)/max(abar_{j-1}/abar_j, C1) - 1). */
    private static double[] iddpmTable() {
        double[] u = new double[M + 1];
        for (int j = M; j >= 1; j--) {
            double previous = Math.pow(Math.sin(Math.PI / 2 * (j - 1) / (M * 1.008)), 2);
            double current = Math.pow(Math.sin(Math.PI / 2 * j / (M * 1.008)), 2);
            u[j - 1] = Math.sqrt((u[j] * u[j] + 1) / Math.max(previous / current, 0.001) - 1);
        }
        return u;
    }

    /** Two path points with EDM noise level sigma: on a VE-type path (alpha = 1) and on a VP path. */
    private static PathPoint[] pointsAt(double sigma) {
        double vpAlpha = 1 / Math.sqrt(1 + sigma * sigma);
        return new PathPoint[] {
            new PathPoint(0.3, 1.0, sigma, 0.0, 1.0),
            new PathPoint(0.3, vpAlpha, sigma * vpAlpha, -0.1, 0.1),
        };
    }

    @Test
    void vpPreconditionerIsTableOneVpColumn() {
        VpPreconditioner vp = new VpPreconditioner(new VpPreconditioner.Options(BETA_D, BETA_MIN, M));
        for (double sigma : SIGMAS) {
            for (PathPoint p : pointsAt(sigma)) {
                // c_in = inputScale * alpha: two square roots and a product apart, a few ulps.
                assertThat(vp.inputScale(p) * p.alpha()).as("c_in(%s)", sigma)
                        .isCloseTo(1 / Math.sqrt(sigma * sigma + 1), within(1e-14));
                double cNoise = (M - 1) * sigmaVpInverse(sigma);
                // The code's cancellation-free root vs the paper's difference: ~1e-16/t relative, 1e-12 at t ~ 1e-4.
                assertThat(vp.noiseInput(p)).as("c_noise(%s)", sigma).isCloseTo(cNoise, within(1e-12 * M));
            }
        }
        // On a VP process the network input is x_t itself.
        VpProcess process = new VpProcess(new VpProcess.Options(0.1, 20, 1e-3));
        assertThat(vp.inputScale(PathPoint.of(process, 0.4))).isCloseTo(1.0, within(1e-15));
        // c_noise spans 0..M-1 as t goes 0..1.
        assertThat(vp.noiseInput(PathPoint.of(process, 1.0))).isCloseTo(M - 1, within(1e-9));
        assertThat(vp.noiseInput(PathPoint.of(process, 0.25))).isCloseTo(0.25 * (M - 1), within(1e-9));
    }

    @Test
    void iddpmTableHasTheKnownEnds() {
        double[] u = iddpmTable();
        IddpmNoiseLevels levels = new IddpmNoiseLevels(M, 0.001, 0.008);
        for (int j = 0; j <= M; j++) {
            // Same recurrence in the same order: identical up to the ulp of pow vs product.
            assertThat(levels.level(j)).isCloseTo(u[j], within(1e-12 * Math.max(u[j], 1e-300)));
        }
        // Anchors 1.5: u_0 ~ 20291, u_999 ~ 0.00643; u_8 ~ 80.20, u_7 ~ 91.66.
        assertThat(u[0]).isCloseTo(20291, within(1.0));
        assertThat(u[M - 1]).isCloseTo(0.00643, within(5e-6));
        assertThat(u[8]).isCloseTo(80.20, within(0.01));
        assertThat(u[7]).isCloseTo(91.66, within(0.01));
        assertThat(u[M]).isZero();
    }

    @Test
    void iddpmPreconditionerIsTableOneIddpmColumn() {
        IddpmPreconditioner iddpm = new IddpmPreconditioner(new IddpmPreconditioner.Options(0.001, 0.008, M));
        double[] u = iddpmTable();
        double[] probes = {0.0, 0.001, 0.00643, 0.002, 0.5, 1.0, 3.3, 80.0, 81.0, 20291, 1e6,
            u[500], 0.5 * (u[500] + u[501]) + 1e-9, 0.5 * (u[500] + u[501]) - 1e-9};
        for (double sigma : probes) {
            int nearest = 0;
            for (int j = 1; j <= M; j++) {
                if (Math.abs(u[j] - sigma) < Math.abs(u[nearest] - sigma)) {
                    nearest = j;
                }
            }
            for (PathPoint p : sigma > 0 ? pointsAt(sigma) : new PathPoint[] {new PathPoint(0, 1, 0, 0, 1)}) {
                assertThat(iddpm.noiseInput(p)).as("c_noise(%s)", sigma).isEqualTo(M - 1 - nearest);
                assertThat(iddpm.inputScale(p) * p.alpha()).isCloseTo(1 / Math.sqrt(sigma * sigma + 1), within(1e-14));
            }
        }
        // The midpoint between u_500 and u_501 decides: just above goes to the larger level (index 500).
        assertThat(iddpm.noiseInput(pointsAt(0.5 * (u[500] + u[501]) + 1e-9)[0])).isEqualTo(M - 1 - 500);
        assertThat(iddpm.noiseInput(pointsAt(0.5 * (u[500] + u[501]) - 1e-9)[0])).isEqualTo(M - 1 - 501);
    }

    @Test
    void iddpmCNoiseIsTheDdpmIndexOnTheDiscreteCosineProcess() {
        // iDDPM's u_j is the noise level of DDPM index n = M-1-j under the cosine betas: abar(j) of Table 1 is
        // Nichol & Dhariwal's abar at t = (M - j)/M, and C1 = 0.001 is the 0.999 clip on beta. So on vp-discrete
        // with cosine betas, whose index n sits at t_n = (n+1)/N, c_noise recovers n exactly.
        VpDiscreteProcess ddpm = new VpDiscreteProcess(new VpDiscreteProcess.Options(DdpmBetas.COSINE, M, null, null));
        IddpmPreconditioner iddpm = new IddpmPreconditioner(new IddpmPreconditioner.Options(0.001, 0.008, M));
        double[] u = iddpmTable();
        for (int n = 0; n < M; n++) {
            double t = ddpm.timeOfIndex(n);
            assertThat(iddpm.noiseInput(PathPoint.of(ddpm, t))).as("index %d", n).isEqualTo(n);
            // Two recurrences for the same numbers (ratios of sin^2 vs products of 1 - beta): ~1e-12 relative.
            assertThat(ddpm.noiseLevel(t)).isCloseTo(u[M - 1 - n], within(1e-11 * u[M - 1 - n]));
        }
    }

    private static void assertIsAGrid(double[] times, int steps, ForwardProcess process) {
        assertThat(times).hasSize(steps + 1);
        assertThat(times[steps]).isEqualTo(process.tMin());
        for (int i = 0; i < steps; i++) {
            assertThat(times[i]).as("t_%d", i).isGreaterThan(times[i + 1]);
        }
    }

    @Test
    void vpScheduleOnTheVpProcessIsUniformInTime() {
        VpProcess process = new VpProcess(new VpProcess.Options(0.1, 20, 1e-3));
        for (int steps : new int[] {1, 2, 18, 512}) {
            VpSchedule schedule = new VpSchedule(new VpSchedule.Options(steps, 1e-3, null, null));
            double[] times = schedule.times(process);
            assertIsAGrid(times, steps, process);
            assertThat(schedule.times(process)).containsExactly(times);
            for (int i = 0; i < steps; i++) {
                double t = steps == 1 ? 1.0 : 1 + (double) i / (steps - 1) * (1e-3 - 1); // Table 1, VP time steps
                // Re-fitting beta through the process's own range gives back 19.9 / 0.1 up to round-off in the
                // logs (~1e-15 relative); the round trip sigma -> t adds 1e-12 relative (see ProcessAssertions).
                assertThat(times[i]).as("t_%d", i).isCloseTo(t, within(1e-11));
                assertThat(process.noiseLevel(times[i])).isCloseTo(sigmaVp(t, BETA_D, BETA_MIN),
                        within(1e-10 * sigmaVp(t, BETA_D, BETA_MIN)));
            }
        }
    }

    @Test
    void vpScheduleRefitsBetaToTheRangeLikeEdmsAblationSampler() {
        ForwardProcess process = ReferenceProcesses.EDM_LIKE; // time is the noise level
        int steps = 18;
        double epsS = 1e-3;
        double sigmaMin = 0.002;
        double sigmaMax = 80;
        VpSchedule schedule = new VpSchedule(new VpSchedule.Options(steps, epsS, null, null));
        double[] times = schedule.times(process); // range from the process: [0.002, 80]
        assertIsAGrid(times, steps, process);
        // NVlabs/edm ablation_sampler: beta_d, beta_min re-derived from (epsilon_s, sigma_min), (1, sigma_max).
        double betaD = 2 * (Math.log(sigmaMin * sigmaMin + 1) / epsS - Math.log(sigmaMax * sigmaMax + 1)) / (epsS - 1);
        double betaMin = Math.log(sigmaMax * sigmaMax + 1) - 0.5 * betaD;
        for (int i = 0; i < steps; i++) {
            double expected = sigmaVp(1 + (double) i / (steps - 1) * (epsS - 1), betaD, betaMin);
            // Both evaluate exp(B) - 1 with B from the same logs: the reference's exp - 1 costs 1e-16/B ~ 1e-11.
            assertThat(times[i]).as("sigma_%d", i).isCloseTo(expected, within(1e-10 * expected));
        }
        assertThat(times[0]).isCloseTo(sigmaMax, within(1e-10 * sigmaMax));
        assertThat(times[steps - 1]).isCloseTo(sigmaMin, within(1e-10 * sigmaMin));
        assertThatThrownBy(() -> new VpSchedule(new VpSchedule.Options(4, 0.5, 1.0, 1.001)).times(process))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("positive beta");
    }

    @Test
    void iddpmScheduleIsEdmsAblationDiscretization() {
        ForwardProcess process = ReferenceProcesses.EDM_LIKE; // time is the noise level
        double[] u = iddpmTable();
        double sigmaMin = 0.002;
        double sigmaMax = 81; // EDM's iddpm defaults
        java.util.List<Double> kept = new java.util.ArrayList<>();
        for (double level : u) {
            if (level >= sigmaMin && level <= sigmaMax) {
                kept.add(level);
            }
        }
        assertThat(kept.get(0)).isCloseTo(u[8], within(0.0)); // j_0 = 8 of the paper
        for (int steps : new int[] {1, 2, 10, 18, 256}) {
            IddpmSchedule schedule = new IddpmSchedule(
                    new IddpmSchedule.Options(steps, 0.001, 0.008, M, sigmaMin, sigmaMax));
            double[] times = schedule.times(process);
            assertIsAGrid(times, steps, process);
            for (int i = 0; i < steps; i++) {
                double position = steps == 1 ? 0 : (double) (kept.size() - 1) / (steps - 1) * i;
                int index = (int) Math.rint(position); // torch.round: half to even
                assertThat(times[i]).as("sigma_%d of %d", i, steps).isCloseTo(kept.get(index),
                        within(1e-12 * kept.get(index)));
            }
        }
        assertThatThrownBy(() -> new IddpmSchedule(new IddpmSchedule.Options(60, 0.001, 0.008, M, 10.0, 80.0))
                .times(process)).isInstanceOf(InvalidOptionException.class).hasMessageContaining("at most");
    }

    @Test
    void iddpmScheduleOnTheVpProcessMapsLevelsToTime() {
        VpProcess process = new VpProcess(new VpProcess.Options(0.1, 20, 1e-3));
        IddpmSchedule schedule = new IddpmSchedule(new IddpmSchedule.Options(18, 0.001, 0.008, M, null, null));
        double[] times = schedule.times(process);
        assertIsAGrid(times, 18, process);
        // Defaults: the VP process's range [sigma_VP(1e-3), sigma_VP(1)] = [0.0105, 152.2]; the first kept u_j is
        // the largest below 152.2.
        double[] u = iddpmTable();
        int first = 0;
        while (u[first] > process.noiseLevel(1.0)) {
            first++;
        }
        assertThat(process.noiseLevel(times[0])).isCloseTo(u[first], within(1e-10 * u[first]));
    }
}
