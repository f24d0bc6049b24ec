package org.difflab.plugins.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.InvalidOptionException;
import org.junit.jupiter.api.Test;

class VpProcessTest {

    private static final double BETA_MIN = 0.1;
    private static final double BETA_MAX = 20.0;
    private final VpProcess vp = new VpProcess(new VpProcess.Options(BETA_MIN, BETA_MAX, 1e-3));

    /** Song et al. (2021), eq. 29: log alpha = -t^2 (beta_max - beta_min)/4 - t beta_min/2. */
    private static double songLogMean(double t) {
        return -0.25 * t * t * (BETA_MAX - BETA_MIN) - 0.5 * t * BETA_MIN;
    }

    @Test
    void marginalsAreSongs() {
        for (double t : new double[] {1e-6, 1e-3, 0.1, 0.5, 0.9, 1.0}) {
            double mean = Math.exp(songLogMean(t));
            // Both evaluate the same closed form; only round-off (a few ulps) separates them.
            assertThat(vp.alpha(t)).isCloseTo(mean, within(1e-14 * mean));
            assertThat(vp.sigma(t)).isCloseTo(Math.sqrt(1 - mean * mean), within(1e-12));
            assertThat(vp.alpha(t) * vp.alpha(t) + vp.sigma(t) * vp.sigma(t)).isCloseTo(1.0, within(1e-14));
        }
        assertThat(vp.alpha(0)).isEqualTo(1.0);
        assertThat(vp.sigma(0)).isEqualTo(0.0);
    }

    @Test
    void noiseLevelIsEdmSigmaVp() {
        // Karras et al. (2022), Table 1: sigma(t) = sqrt(e^{beta_d t^2/2 + beta_min t} - 1), beta_d = 19.9.
        double betaD = 19.9;
        for (double t : new double[] {1e-5, 1e-3, 0.01, 0.3, 0.77, 1.0}) {
            double edm = Math.sqrt(Math.exp(0.5 * betaD * t * t + BETA_MIN * t) - 1);
            // exp(B) - 1 in the reference loses ~1e-16/B relative at small t: 1e-10 at t=1e-5, 1e-12 elsewhere.
            assertThat(vp.noiseLevel(t)).isCloseTo(edm, within(1e-10 * edm));
            assertThat(vp.noiseLevel(t)).isCloseTo(vp.sigma(t) / vp.alpha(t), within(1e-10 * edm));
        }
        // Anchors 1.5: sigma_VP(1e-3) ~ 0.0105, sigma_VP(1) ~ 152.2, sigma_VP(1e-5) ~ 0.0010.
        assertThat(vp.noiseLevel(1e-3)).isCloseTo(0.0105, within(5e-5));
        assertThat(vp.noiseLevel(1.0)).isCloseTo(152.2, within(0.05));
        assertThat(vp.noiseLevel(1e-5)).isCloseTo(0.0010, within(5e-6));
    }

    @Test
    void isFlowMatchingsVpSchedulerWithTimeReversed() {
        // flow_matching VPScheduler(0.1, 20) at t_FM = 1 - t: T = (1-t_FM)^2 (B-b)/2 + (1-t_FM) b,
        // alpha = e^{-T/2}, sigma = sqrt(1 - e^{-T}), d alpha = -T' e^{-T/2}/2, T' = -(1-t_FM)(B-b) - b; and d/dt is
        // -d/dt_FM.
        for (double t : new double[] {0.01, 0.2, 0.5, 0.8, 1.0}) {
            double tFm = 1 - t;
            double bigT = 0.5 * (1 - tFm) * (1 - tFm) * (BETA_MAX - BETA_MIN) + (1 - tFm) * BETA_MIN;
            double bigTDot = -(1 - tFm) * (BETA_MAX - BETA_MIN) - BETA_MIN;
            double alpha = Math.exp(-0.5 * bigT);
            double sigma = Math.sqrt(1 - Math.exp(-bigT));
            double dAlpha = -0.5 * bigTDot * Math.exp(-0.5 * bigT);
            double dSigma = 0.5 * bigTDot * Math.exp(-bigT) / Math.sqrt(1 - Math.exp(-bigT));
            // Same closed forms; (1 - tFm) re-rounds t by an ulp, and 1 - e^{-T} cancels by ~1e-16/T <= 1e-14.
            assertThat(vp.alpha(t)).isCloseTo(alpha, within(1e-14));
            assertThat(vp.sigma(t)).isCloseTo(sigma, within(1e-14));
            assertThat(vp.alphaDot(t)).isCloseTo(-dAlpha, within(1e-13));
            assertThat(vp.sigmaDot(t)).isCloseTo(-dSigma, within(1e-12));
        }
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        for (double t : ProcessAssertions.interior(0, 1, 19)) {
            ProcessAssertions.derivativesMatchFiniteDifferences(vp, t, Math.min(t, 1.0));
        }
        for (double t : new double[] {1e-6, 1e-4, 1e-2}) {
            ProcessAssertions.derivativesMatchFiniteDifferences(vp, t, t);
        }
        assertThat(vp.sigmaDot(0.0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void diffusionIsBeta() {
        // Song et al. (2021), eq. 11: g(t)^2 = beta(t) = beta_min + t (beta_max - beta_min).
        for (double t : new double[] {1e-8, 1e-3, 0.2, 0.5, 1.0}) {
            double beta = BETA_MIN + t * (BETA_MAX - BETA_MIN);
            // g^2 = beta (alpha^2 + sigma^2) after cancellation of sigma in 2 sigma sigma': round-off only.
            assertThat(vp.diffusionSquared(t)).isCloseTo(beta, within(1e-12 * beta));
            assertThat(vp.drift(t)).isCloseTo(-0.5 * beta, within(1e-12 * beta));
        }
    }

    @Test
    void noiseLevelRisesAndInverts() {
        ProcessAssertions.noiseLevelRisesStrictly(vp, 0, 1, 10_000);
        for (double t : new double[] {0, 1e-9, 1e-5, 1e-3, 0.25, 0.5, 0.999, 1}) {
            ProcessAssertions.timeAtNoiseLevelRoundTrips(vp, t);
        }
        // EDM's sigma_VP^-1 (Table 1) evaluated directly.
        double sigma = 3.0;
        double expected = (Math.sqrt(BETA_MIN * BETA_MIN + 2 * 19.9 * Math.log(sigma * sigma + 1)) - BETA_MIN) / 19.9;
        assertThat(vp.timeAtNoiseLevel(sigma)).isCloseTo(expected, within(1e-13));
        assertThat(vp.halfLogSnr(0.5)).isCloseTo(Math.log(vp.alpha(0.5) / vp.sigma(0.5)), within(1e-13));
    }

    @Test
    void rangeAndErrors() {
        assertThat(vp.tMin()).isZero();
        assertThat(vp.tMax()).isEqualTo(1.0);
        assertThat(vp.samplingStart()).isEqualTo(1.0);
        assertThat(vp.samplingEnd()).isEqualTo(1e-3);
        assertThatThrownBy(() -> vp.timeAtNoiseLevel(200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("above this process's maximum 152.1");
        assertThatThrownBy(() -> vp.timeAtNoiseLevel(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VpProcess.Options(1.0, 0.5, 1e-3))
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("beta_max"));
    }
}
