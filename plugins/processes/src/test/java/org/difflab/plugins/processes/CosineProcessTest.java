package org.difflab.plugins.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.InvalidOptionException;
import org.junit.jupiter.api.Test;

class CosineProcessTest {

    private static final double S = 0.008;
    private final CosineProcess cosine = new CosineProcess(new CosineProcess.Options(S, 0.9946, 1e-3));

    /** Nichol & Dhariwal (2021), eq. 17: abar(t) = f(t)/f(0), f(t) = cos^2(((t + s)/(1 + s)) pi/2). */
    private static double alphaBar(double t) {
        double f = Math.pow(Math.cos((t + S) / (1 + S) * Math.PI / 2), 2);
        double f0 = Math.pow(Math.cos(S / (1 + S) * Math.PI / 2), 2);
        return f / f0;
    }

    @Test
    void marginalsAreNicholDhariwal() {
        for (double t : new double[] {1e-3, 0.1, 0.5, 0.9, 0.9946}) {
            double abar = alphaBar(t);
            assertThat(cosine.alpha(t)).isCloseTo(Math.sqrt(abar), within(1e-13));
            // 1 - abar cancels in the reference near t = 0: ~1e-16/(1 - abar) relative, 1e-11 at t = 1e-3.
            assertThat(cosine.sigma(t)).isCloseTo(Math.sqrt(1 - abar), within(1e-11));
        }
        assertThat(cosine.alpha(0)).isEqualTo(1.0);
        assertThat(cosine.sigma(0)).isEqualTo(0.0);
        assertThat(cosine.alpha(1)).isEqualTo(0.0);
        assertThat(cosine.noiseLevel(1)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        for (double t : ProcessAssertions.interior(0, 1, 19)) {
            ProcessAssertions.derivativesMatchFiniteDifferences(cosine, t, Math.min(t, 1 - t));
        }
        ProcessAssertions.derivativesMatchFiniteDifferences(cosine, 1e-5, 1e-5);
    }

    @Test
    void diffusionIsTheContinuousCosineBeta() {
        // For a VP process g^2 = beta(t) = -d ln abar/dt = (pi/(1+s)) tan(((t+s)/(1+s)) pi/2).
        for (double t : new double[] {1e-4, 0.1, 0.5, 0.9, 0.99}) {
            double beta = Math.PI / (1 + S) * Math.tan((t + S) / (1 + S) * Math.PI / 2);
            // alpha^2 + sigma^2 = 1 up to round-off, but sigma is computed by a product form: 1e-12 relative.
            assertThat(cosine.diffusionSquared(t)).isCloseTo(beta, within(1e-12 * beta));
        }
    }

    @Test
    void noiseLevelRisesAndInverts() {
        ProcessAssertions.noiseLevelRisesStrictly(cosine, 0, 1, 10_000);
        for (double t : new double[] {0, 1e-9, 1e-5, 1e-3, 0.25, 0.5, 0.9, 0.9946, 0.999999}) {
            ProcessAssertions.timeAtNoiseLevelRoundTrips(cosine, t);
        }
        assertThat(cosine.timeAtNoiseLevel(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        // Defaults documented: sigma(0.9946)/alpha ~ 118.8 and sigma(1e-3)/alpha ~ 0.0064.
        assertThat(cosine.noiseLevel(cosine.samplingStart())).isCloseTo(118.8, within(0.05));
        assertThat(cosine.noiseLevel(cosine.samplingEnd())).isCloseTo(0.00643, within(1e-5));
        assertThat(cosine.tMax()).isEqualTo(1.0);
    }

    @Test
    void optionErrorsNameTheKey() {
        assertThatThrownBy(() -> new CosineProcess.Options(S, 0.5, 0.6))
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("sampling_end"));
    }
}
