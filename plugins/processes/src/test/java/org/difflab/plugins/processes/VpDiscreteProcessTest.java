package org.difflab.plugins.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.InvalidOptionException;
import org.junit.jupiter.api.Test;

class VpDiscreteProcessTest {

    private static final int N = 1000;

    private static VpDiscreteProcess process(DdpmBetas betas) {
        return new VpDiscreteProcess(new VpDiscreteProcess.Options(betas, N, null, null));
    }

    /** abar_n = prod_{i <= n} (1 - beta_i), as a product (the code sums log1p). */
    private static double[] cumulativeProducts(double[] betas) {
        double[] bars = new double[betas.length];
        double product = 1.0;
        for (int n = 0; n < betas.length; n++) {
            product *= 1.0 - betas[n];
            bars[n] = product;
        }
        return bars;
    }

    /** diffusers' squaredcos_cap_v2 (betas_for_alpha_bar with max_beta 0.999), recomputed here. */
    private static double[] squaredCosCapV2() {
        double[] betas = new double[N];
        for (int i = 0; i < N; i++) {
            double t1 = (double) i / N;
            double t2 = (double) (i + 1) / N;
            double a1 = Math.pow(Math.cos((t1 + 0.008) / 1.008 * Math.PI / 2), 2);
            double a2 = Math.pow(Math.cos((t2 + 0.008) / 1.008 * Math.PI / 2), 2);
            betas[i] = Math.min(1 - a2 / a1, 0.999);
        }
        return betas;
    }

    private static void assertKnotsMatch(VpDiscreteProcess process, double[] betas) {
        double[] bars = cumulativeProducts(betas);
        for (int n = 0; n < N; n++) {
            double t = (n + 1.0) / N; // DPM-Solver's t_n = (n+1)/N
            double alpha = process.alpha(t);
            // A product of up to 1000 factors against a sum of log1p: ~1000 ulps of relative round-off.
            assertThat(alpha * alpha).as("abar_%d", n).isCloseTo(bars[n], within(1e-12 * bars[n]));
        }
        assertThat(process.alpha(0.0)).isEqualTo(1.0);
    }

    @Test
    void linearBetasAreHosSchedule() {
        assertKnotsMatch(process(DdpmBetas.LINEAR), linearBetas());
    }

    @Test
    void scaledLinearBetasAreLinearInSqrtBeta() {
        double[] betas = new double[N];
        for (int n = 0; n < N; n++) {
            double root = Math.sqrt(1e-4) + (Math.sqrt(0.02) - Math.sqrt(1e-4)) * n / (N - 1);
            betas[n] = root * root;
        }
        assertKnotsMatch(process(DdpmBetas.SCALED_LINEAR), betas);
    }

    @Test
    void cosineBetasAreDiffusersSquaredCosCapV2() {
        double[] betas = squaredCosCapV2();
        assertThat(betas[N - 1]).isEqualTo(0.999); // the clip is active at the last step only
        assertThat(betas[N - 2]).isLessThan(0.999);
        assertKnotsMatch(process(DdpmBetas.COSINE), betas);
    }

    @Test
    void logAlphaIsPiecewiseLinearBetweenKnots() {
        VpDiscreteProcess p = process(DdpmBetas.LINEAR);
        double[] bars = cumulativeProducts(linearBetas());
        int n = 417;
        double left = 0.5 * Math.log(bars[n - 1]);
        double right = 0.5 * Math.log(bars[n]);
        for (double w : new double[] {0.1, 0.5, 0.9}) {
            double t = (n + w) / N; // between t_{n-1} = n/N and t_n = (n+1)/N
            assertThat(Math.log(p.alpha(t))).isCloseTo(left + w * (right - left), within(1e-13));
            // Within a segment alpha' = (d log alpha/dt) alpha with the segment's slope.
            assertThat(p.alphaDot(t)).isCloseTo((right - left) * N * p.alpha(t), within(1e-9 * p.alpha(t)));
        }
        // First segment: from t = 0 (abar = 1) to t = 1/N (abar_0).
        assertThat(Math.log(p.alpha(0.5 / N))).isCloseTo(0.25 * Math.log(bars[0]), within(1e-15));
    }

    /** Ho et al. (2020): torch.linspace(1e-4, 0.02, 1000). */
    private static double[] linearBetas() {
        double[] betas = new double[N];
        for (int n = 0; n < N; n++) {
            betas[n] = 1e-4 + (0.02 - 1e-4) * n / (N - 1);
        }
        return betas;
    }

    @Test
    void derivativesMatchFiniteDifferencesInsideSegmentsAndAreLeftSidedAtKnots() {
        for (DdpmBetas family : DdpmBetas.values()) {
            VpDiscreteProcess p = process(family);
            for (int k : new int[] {0, 1, 10, 250, 500, 900, 998}) {
                double t = (k + 0.5) / N; // segment midpoints; the nearest kink is 0.5/N away
                ProcessAssertions.derivativesMatchFiniteDifferences(p, t, 0.5 / N);
            }
            // At a knot the derivative is that of the segment below it (a one-sided difference from the left).
            double knot = 300.0 / N;
            double h = 1e-4 / N;
            double leftDifference = (p.alpha(knot) - p.alpha(knot - h)) / h;
            // One-sided difference on the segment below: alpha'' = c^2 alpha with c = |d log alpha/dt| <= 5 at this
            // knot, so the truncation h |alpha''|/2 relative to alpha' = c alpha is h c/2 <= 2.5e-7; round-off
            // 1e-16/h = 1e-9. Tolerance 1e-6 relative.
            assertThat(p.alphaDot(knot)).isCloseTo(leftDifference, within(1e-6 * Math.abs(p.alphaDot(knot))));
            double rightDifference = (p.alpha(knot + h) - p.alpha(knot)) / h;
            assertThat(Math.abs(rightDifference - leftDifference)).as("%s has a kink at the knot", family)
                    .isGreaterThan(1e-6 * Math.abs(p.alphaDot(knot)));
        }
    }

    @Test
    void noiseLevelRisesDiffusionIsNonNegativeAndInverts() {
        for (DdpmBetas family : DdpmBetas.values()) {
            VpDiscreteProcess p = process(family);
            ProcessAssertions.noiseLevelRisesStrictly(p, 0, 1, 7919); // not aligned with the knots
            for (double t : ProcessAssertions.interior(0, 1, 101)) {
                ProcessAssertions.timeAtNoiseLevelRoundTrips(p, t);
                assertThat(p.diffusionSquared(t)).isGreaterThanOrEqualTo(0);
            }
            for (int k = 0; k <= N; k += 37) {
                ProcessAssertions.timeAtNoiseLevelRoundTrips(p, (double) k / N); // exactly at knots
            }
            ProcessAssertions.timeAtNoiseLevelRoundTrips(p, 1.0);
            assertThat(p.samplingEnd()).isEqualTo(1.0 / N);
            assertThat(p.timeOfIndex(0)).isEqualTo(1.0 / N);
            assertThat(p.timeOfIndex(N - 1)).isEqualTo(1.0);
        }
    }

    @Test
    void diffusionIsTheDiscreteBetaRate() {
        // On a segment log alpha has slope -b/2, so g^2 = -2 (log alpha)' (alpha^2 + sigma^2) = b: the VP identity
        // g^2 = beta(t) with beta piecewise constant, b_n = -ln(1 - beta_n) N ~ beta_n N.
        VpDiscreteProcess p = process(DdpmBetas.LINEAR);
        double[] betas = linearBetas();
        for (int n : new int[] {1, 100, 999}) {
            double t = (n + 0.5) / N; // inside the segment [t_{n-1}, t_n]
            double rate = -Math.log1p(-betas[n]) * N;
            assertThat(p.diffusionSquared(t)).isCloseTo(rate, within(1e-9 * rate));
        }
    }

    @Test
    void optionErrorsNameTheKey() {
        assertThatThrownBy(() -> new VpDiscreteProcess.Options(DdpmBetas.COSINE, N, 1e-4, null))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("linear")
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("beta_start"));
        assertThatThrownBy(() -> new VpDiscreteProcess.Options(DdpmBetas.LINEAR, N, 0.03, null))
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("beta_end"));
        assertThatThrownBy(() -> process(DdpmBetas.LINEAR).timeAtNoiseLevel(1e6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above");
    }
}
