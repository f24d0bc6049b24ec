package org.difflab.plugins.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SubVpProcessTest {

    private static final double BETA_MIN = 0.1;
    private static final double BETA_MAX = 20.0;
    private final SubVpProcess subVp = new SubVpProcess(new VpProcess.Options(BETA_MIN, BETA_MAX, 1e-3));

    /** int_0^t beta(s) ds for Song et al.'s linear beta. */
    private static double integratedBeta(double t) {
        return BETA_MIN * t + 0.5 * (BETA_MAX - BETA_MIN) * t * t;
    }

    @Test
    void marginalsAreSongsSubVp() {
        // Song et al. (2021), App. B / sde_lib.subVPSDE.marginal_prob: mean e^{-B/2}, std 1 - e^{-B} (no sqrt).
        for (double t : new double[] {1e-4, 1e-3, 0.1, 0.5, 1.0}) {
            double mean = Math.exp(-0.5 * integratedBeta(t));
            double std = 1 - Math.exp(-integratedBeta(t));
            assertThat(subVp.alpha(t)).isCloseTo(mean, within(1e-14 * mean));
            // The reference's 1 - e^{-B} cancels: ~1e-16/B relative, at most 1e-11 at t = 1e-4.
            assertThat(subVp.sigma(t)).isCloseTo(std, within(1e-11 * std));
            assertThat(subVp.sigma(t)).isLessThan(Math.sqrt(1 - mean * mean));
        }
    }

    @Test
    void diffusionIsSongsSubVpDiffusion() {
        // Song et al. (2021), eq. 12: g^2 = beta(t) (1 - e^{-2 int_0^t beta}).
        for (double t : new double[] {1e-6, 1e-3, 0.1, 0.5, 1.0}) {
            double beta = BETA_MIN + t * (BETA_MAX - BETA_MIN);
            double song = beta * -Math.expm1(-2 * integratedBeta(t));
            assertThat(subVp.diffusionSquared(t)).isGreaterThanOrEqualTo(0);
            // 2 sigma sigma' - 2 f sigma^2 with sigma = 1 - a^2: a sum of two positive terms, round-off only.
            assertThat(subVp.diffusionSquared(t)).isCloseTo(song, within(1e-12 * song));
        }
        assertThat(subVp.diffusionSquared(0.0)).isZero();
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        // sigma is smooth at t = 0 here (sigma'(0) = beta_min), so d is the distance to the range's ends.
        for (double t : ProcessAssertions.interior(0, 1, 19)) {
            ProcessAssertions.derivativesMatchFiniteDifferences(subVp, t, Math.min(t, 1.0 - t) + 1e-3);
        }
        assertThat(subVp.sigmaDot(0.0)).isCloseTo(BETA_MIN, within(1e-15));
    }

    @Test
    void noiseLevelRisesAndInverts() {
        ProcessAssertions.noiseLevelRisesStrictly(subVp, 0, 1, 10_000);
        for (double t : new double[] {0, 1e-9, 1e-5, 1e-3, 0.25, 0.5, 0.999, 1}) {
            ProcessAssertions.timeAtNoiseLevelRoundTrips(subVp, t);
        }
        double t = 0.37;
        assertThat(subVp.noiseLevel(t)).isCloseTo(subVp.sigma(t) / subVp.alpha(t), within(1e-13 * subVp.noiseLevel(t)));
        assertThatThrownBy(() -> subVp.timeAtNoiseLevel(1e9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("above");
    }
}
