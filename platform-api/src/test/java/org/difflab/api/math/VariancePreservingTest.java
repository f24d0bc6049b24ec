package org.difflab.api.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.VariancePreservingProcess;
import org.junit.jupiter.api.Test;

/** The VP closed forms and linear beta against the papers' formulas, and where the naive forms lose digits. */
class VariancePreservingTest {

    @Test
    void sigmaAndNoiseLevelAreTheVpFormulas() {
        for (double logAlpha : new double[] {-1e-3, -0.1, -1.0, -5.0}) {
            double alpha = Math.exp(logAlpha);
            assertThat(VariancePreserving.variance(logAlpha)).isCloseTo(1 - alpha * alpha, within(1e-15));
            assertThat(VariancePreserving.sigma(logAlpha))
                    .isCloseTo(Math.sqrt(1 - alpha * alpha), within(1e-12 * Math.sqrt(1 - alpha * alpha)));
            double level = Math.sqrt(1 - alpha * alpha) / alpha;
            assertThat(VariancePreserving.noiseLevel(logAlpha)).isCloseTo(level, within(1e-12 * level));
            assertThat(VariancePreserving.logAlphaAtNoiseLevel(VariancePreserving.noiseLevel(logAlpha)))
                    .isCloseTo(logAlpha, within(1e-15 * Math.abs(logAlpha)));
        }
    }

    /** Near the data end 1 - alpha^2 cancels to nothing; the expm1 forms keep every digit (sigma^2 ~ -2 log alpha). */
    @Test
    void theClosedFormsKeepTheirDigitsWhereAlphaIsOne() {
        double logAlpha = -1e-20;
        assertThat(Math.sqrt(1 - Math.exp(2 * logAlpha))).isZero(); // the naive form
        assertThat(VariancePreserving.sigma(logAlpha)).isCloseTo(Math.sqrt(2e-20), within(1e-15 * Math.sqrt(2e-20)));
        assertThat(VariancePreserving.noiseLevel(logAlpha)).isCloseTo(Math.sqrt(2e-20), within(1e-15 * 1.5e-10));
    }

    /** Song et al.'s VP SDE as a log-alpha process: its sigma' is the derivative of its sigma, its g^2 is beta. */
    @Test
    void aLogAlphaProcessHasTheVpDerivativesAndDiffusion() {
        LinearBeta beta = LinearBeta.SONG;
        VariancePreservingProcess vp = new VariancePreservingProcess() {
            @Override public double logAlpha(double t) { return beta.logAlpha(t); }
            @Override public double logAlphaDot(double t) { return -0.5 * beta.beta(t); }
            @Override public double tMax() { return 1; }
            @Override public double samplingStart() { return 1; }
            @Override public double samplingEnd() { return 1e-3; }
        };
        for (double t : new double[] {1e-3, 0.05, 0.3, 0.7, 1.0}) {
            // central differences, h = 1e-6 t: rounding ulp(alpha)/(2h) reaches ~2e-7 of alpha' at t = 1e-3, where alpha' is
            // -0.06; truncation ~ (h/t)^2 is negligible
            double h = 1e-6 * t;
            double numeric = (vp.sigma(t + h) - vp.sigma(t - h)) / (2 * h);
            assertThat(vp.sigmaDot(t)).isCloseTo(numeric, within(1e-6 * Math.abs(numeric)));
            assertThat(vp.alphaDot(t)).isCloseTo((vp.alpha(t + h) - vp.alpha(t - h)) / (2 * h),
                    within(1e-6 * Math.abs(vp.alphaDot(t))));
            double b = 0.1 + 19.9 * t; // Song et al. 2021, eq. 11: g^2 = beta(t)
            assertThat(vp.diffusionSquared(t)).isCloseTo(b, within(1e-12 * b));
            // EDM Table 1: sigma_VP(t) = sqrt(e^{beta_d t^2/2 + beta_min t} - 1)
            double sigmaVp = Math.sqrt(Math.exp(19.9 * t * t / 2 + 0.1 * t) - 1);
            assertThat(vp.noiseLevel(t)).isCloseTo(sigmaVp, within(1e-12 * sigmaVp));
            assertThat(beta.timeAtNoiseLevel(sigmaVp)).isCloseTo(t, within(1e-13));
            assertThat(vp.halfLogSnr(t)).isCloseTo(-Math.log(sigmaVp), within(1e-12));
        }
        assertThat(beta.noiseLevel(1.0)).isCloseTo(152.16697, within(1e-5));
    }

    /** EDM's ablation sampler re-derives beta so that sigma_VP passes through both ends of the sampling range. */
    @Test
    void throughPassesThroughBothEnds() {
        LinearBeta beta = LinearBeta.through(1e-3, 0.002, 80);
        assertThat(beta.noiseLevel(1e-3)).isCloseTo(0.002, within(1e-14));
        assertThat(beta.noiseLevel(1.0)).isCloseTo(80, within(1e-12));
        LinearBeta song = LinearBeta.through(1e-3, LinearBeta.SONG.noiseLevel(1e-3), LinearBeta.SONG.noiseLevel(1.0));
        assertThat(song.betaMin()).isCloseTo(0.1, within(1e-9));
        assertThat(song.betaD()).isCloseTo(19.9, within(1e-9));
    }

    @Test
    void marginalStdIsTheStdOfXtAndEdmsInputScaling() {
        PathPoint p = new PathPoint(0.5, 0.6, 0.8, -0.6, 0.8);
        assertThat(p.marginalStd(0.5)).isCloseTo(Math.sqrt(0.36 * 0.25 + 0.64), within(1e-15));
        assertThat(p.marginalStd(1.0)).isCloseTo(1.0, within(1e-15)); // variance preserving, unit data
        assertThat(new PathPoint(1.0, 0.0, 1.0, -1.0, 1.0).marginalStd(0.5)).isEqualTo(1.0); // alpha = 0
    }
}
