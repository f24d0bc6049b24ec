package org.difflab.plugins.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.junit.jupiter.api.Test;

class NoiseLevelSchedulesTest {

    private final ForwardProcess vp = Fixtures.LINEAR_VP;
    private final ForwardProcess edm = Fixtures.NOISE_LEVEL_TIME;

    /**
     * DPM-Solver's inverse_lambda for the linear VP: t = 2(b1 - b0) logaddexp(-2 lambda, 0) / (sqrt(D) + b0) /
     * (b1 - b0), D = b0^2 + 2 (b1 - b0) logaddexp(-2 lambda, 0).
     */
    private static double dpmInverseLambda(double lambda) {
        double b0 = Fixtures.BETA_0;
        double b1 = Fixtures.BETA_1;
        double logAddExp = Math.max(-2 * lambda, 0) + Math.log1p(Math.exp(-Math.abs(-2 * lambda)));
        double tmp = 2 * (b1 - b0) * logAddExp;
        return tmp / (Math.sqrt(b0 * b0 + tmp) + b0) / (b1 - b0);
    }

    /** DPM-Solver marginal_lambda: log alpha - log sigma, log alpha = -t^2 (b1 - b0)/4 - t b0/2. */
    private static double dpmLambda(double t) {
        double logAlpha = -0.25 * t * t * (Fixtures.BETA_1 - Fixtures.BETA_0) - 0.5 * t * Fixtures.BETA_0;
        return logAlpha - 0.5 * Math.log(-Math.expm1(2 * logAlpha));
    }

    @Test
    void logSnrIsDpmSolversLogSnrGrid() {
        // DPM-Solver get_time_steps('logSNR', t_T=1, t_0=1e-3, N): lambda = linspace(lambda(t_T), lambda(t_0), N+1),
        // t = inverse_lambda(lambda). Ours with N + 1 steps spans the same range, then adds the step to 0.
        for (int n : new int[] {1, 10, 20}) {
            double[] ours = GridAssertions.validGrid(
                    new LogSnrSchedule(new LogSnrSchedule.Options(n + 1, null, null)), vp, n + 1);
            double lambdaT = dpmLambda(1);
            double lambda0 = dpmLambda(1e-3);
            for (int i = 0; i <= n; i++) {
                double t = dpmInverseLambda(lambdaT + (lambda0 - lambdaT) * i / n);
                // Our levels go through the fixture's bisection inverse (1 ulp); DPM's closed form and lambda(t)
                // are conditioned like sigma_VP^-1 (<= ~2): 1e-13 absolute in t <= 1.
                assertThat(ours[i]).as("t_%d of %d", i, n + 1).isCloseTo(t, within(1e-13));
            }
            assertThat(ours[n + 1]).isZero();
        }
    }

    @Test
    void logSnrIsGeometricInNoiseLevel() {
        // k-diffusion get_sigmas_exponential(n, 0.002, 80): exp(linspace(ln 80, ln 0.002, n)); on sigma(t) = t the
        // times are the levels.
        int steps = 18;
        double[] ours = GridAssertions.validGrid(new LogSnrSchedule(new LogSnrSchedule.Options(steps, null, null)),
                edm, steps);
        for (int i = 0; i < steps; i++) {
            double expected = Math.exp(Math.log(80) + (Math.log(0.002) - Math.log(80)) * i / (steps - 1));
            // One exp of a sum of logs of size ~10: ~1e-15 relative.
            assertThat(ours[i]).isCloseTo(expected, within(1e-14 * expected));
        }
        assertThat(ours[0]).isEqualTo(80);
        assertThat(ours[steps - 1]).isEqualTo(0.002);
    }

    @Test
    void polyexponentialIsKDiffusions() {
        for (double rho : new double[] {0.5, 1, 2, 3}) {
            for (int steps : new int[] {1, 2, 10, 40}) {
                double sigmaMin = 0.01;
                double sigmaMax = 50;
                double[] ours = GridAssertions.validGrid(new PolyexponentialSchedule(
                        new PolyexponentialSchedule.Options(steps, rho, sigmaMin, sigmaMax)), edm, steps);
                for (int i = 0; i < steps; i++) {
                    // get_sigmas_polyexponential: ramp = linspace(1, 0, n)^rho; exp(ramp (ln max - ln min) + ln min).
                    double ramp = Math.pow(steps == 1 ? 1 : 1 - (double) i / (steps - 1), rho);
                    double expected = Math.exp(ramp * (Math.log(sigmaMax) - Math.log(sigmaMin)) + Math.log(sigmaMin));
                    assertThat(ours[i]).as("rho=%s, sigma_%d of %d", rho, i, steps)
                            .isCloseTo(expected, within(1e-14 * expected));
                }
            }
        }
        // rho = 1 is the log-SNR grid.
        double[] poly = new PolyexponentialSchedule(new PolyexponentialSchedule.Options(12, 1, null, null)).times(vp);
        double[] logSnr = new LogSnrSchedule(new LogSnrSchedule.Options(12, null, null)).times(vp);
        assertThat(poly).containsExactly(logSnr, within(1e-13));
    }

    @Test
    void noiseLevelSchedulesNeedAFiniteTop() {
        ForwardProcess ot = Fixtures.CONDITIONAL_OT;
        assertThatThrownBy(() -> new LogSnrSchedule(new LogSnrSchedule.Options(5, null, null)).times(ot))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("infinite")
                .hasMessageContaining("sigma_max");
        double[] bounded = GridAssertions.validGrid(
                new LogSnrSchedule(new LogSnrSchedule.Options(5, null, 80.0)), ot, 5);
        assertThat(bounded[0]).isCloseTo(80.0 / 81, within(1e-15));
    }
}
