package org.difflab.plugins.datatoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.stream.Stream;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MixtureSourcesTest {

    /** An uneven 2-D mixture: different stds and weights, so a mix-up of either shows. */
    private static final double[][] MEANS = {{-2.0, 0.0}, {1.0, 1.0}, {0.5, -1.5}};
    private static final double[] STDS = {0.3, 0.5, 0.4};
    private static final double[] WEIGHTS = {2.0, 1.0, 1.0}; // normalised: 0.5, 0.25, 0.25

    private static GaussianMixtureSource uneven() {
        return new GaussianMixtureSource(new GaussianMixtureSource.Options(MEANS, STDS, WEIGHTS));
    }

    static Stream<Arguments> mixtures() {
        return Stream.of(
                Arguments.of("gmm 2-D uneven", uneven()),
                Arguments.of("gmm-ring", new RingMixtureSource(new RingMixtureSource.Options(8, 2.0, 0.2))),
                Arguments.of("gmm-random 16-D",
                        new RandomMixtureSource(new RandomMixtureSource.Options(16, 8, 3L, 1.0, 0.2))));
    }

    static Stream<Arguments> planarMixtures() {
        return mixtures().filter(a -> ((MixtureSource) a.get()[1]).mixture().dims() == 2);
    }

    /**
     * The closed form's denoiser equals E[x0 | x_t] estimated by self-normalised importance sampling with the
     * source's own draws as proposal: E[x0 | x_t] = sum_i w_i x0_i / sum_i w_i, w_i = N(x_t; alpha x0_i, sigma^2 I).
     * Tolerance: 5 delta-method standard errors, sqrt(sum_i w_i^2 (x0_i - mean)^2) / sum_i w_i per coordinate
     * (a false alarm has probability ~1e-6 per coordinate).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mixtures")
    void exactDenoiserEqualsMonteCarloPosteriorMean(String name, MixtureSource source) {
        int dims = Math.toIntExact(source.sampleShape().size());
        int draws = 200_000;
        double[][] x0 = Draws.rows(source, draws, new Rng(11));
        ClosedFormData exact = source.closedForm().orElseThrow();
        PathPoint[] points = {
            new PathPoint(0.5, 1.0, 0.5, 0.0, 1.0),     // EDM-like, sigma = 0.5
            new PathPoint(0.75, 0.8, 0.6, -0.6, 0.8),   // variance preserving
            new PathPoint(0.7, 0.3, 0.7, -1.0, 1.0),    // rectified flow near the noise end
        };
        Rng rng = new Rng(12);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (PathPoint p : points) {
                double[][] xt = new double[4][dims];
                double[][] clean = Draws.rows(source, 3, rng.split(Double.doubleToLongBits(p.t())));
                for (int r = 0; r < 3; r++) {
                    for (int j = 0; j < dims; j++) {
                        xt[r][j] = p.alpha() * clean[r][j] + p.sigma() * rng.nextGaussian();
                    }
                }
                // xt[3] = 0: between the modes, where the posterior mixes components.
                NDArray denoised = exact.posteriorMean(manager.create(xt), p);
                double[][] exactMeans = Draws.split(denoised.toDoubleArray(), xt.length, dims);
                for (int r = 0; r < xt.length; r++) {
                    double[] logWeights = new double[draws];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < draws; i++) {
                        double sq = 0;
                        for (int j = 0; j < dims; j++) {
                            double diff = xt[r][j] - p.alpha() * x0[i][j];
                            sq += diff * diff;
                        }
                        logWeights[i] = -0.5 * sq / (p.sigma() * p.sigma());
                        max = Math.max(max, logWeights[i]);
                    }
                    double total = 0;
                    double totalSquared = 0;
                    double[] weighted = new double[dims];
                    for (int i = 0; i < draws; i++) {
                        double w = Math.exp(logWeights[i] - max);
                        logWeights[i] = w;
                        total += w;
                        totalSquared += w * w;
                        for (int j = 0; j < dims; j++) {
                            weighted[j] += w * x0[i][j];
                        }
                    }
                    double effectiveSize = total * total / totalSquared;
                    assertThat(effectiveSize).as("effective sample size (the check must be informative)")
                            .isGreaterThan(1000);
                    for (int j = 0; j < dims; j++) {
                        double estimate = weighted[j] / total;
                        double spread = 0;
                        for (int i = 0; i < draws; i++) {
                            double dev = logWeights[i] * (x0[i][j] - estimate);
                            spread += dev * dev;
                        }
                        double standardError = Math.sqrt(spread) / total;
                        assertThat(exactMeans[r][j]).as("%s, t=%s, point %d, coordinate %d", name, p.t(), r, j)
                                .isCloseTo(estimate, within(5 * standardError + 1e-12));
                    }
                }
            }
        }
    }

    /**
     * exp(logDensity) sums to 1 over a grid: the midpoint rule on a Gaussian of std s with step h errs by
     * ~exp(-2 pi^2 s^2 / h^2) (here h/s &le; 0.25, so &lt; 1e-130) and the box holds all but &lt; 1e-30 of the mass,
     * so only the summation's rounding (~1e-12) remains; 1e-9 is generous.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("planarMixtures")
    void logDensityIntegratesToOneOverThePlane(String name, MixtureSource source) {
        double half = 6.0;
        double h = 0.05;
        int cells = (int) Math.round(2 * half / h);
        double[][] grid = new double[cells * cells][];
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                grid[i * cells + j] = new double[] {-half + (i + 0.5) * h, -half + (j + 0.5) * h};
            }
        }
        double sum = 0;
        for (double logDensity : source.closedForm().orElseThrow().logDensity(grid)) {
            sum += Math.exp(logDensity);
        }
        assertThat(sum * h * h).isCloseTo(1.0, within(1e-9));
    }

    /**
     * Sample mean and covariance match the mixture's, computed here from the options:
     * m = sum w_k mu_k, C = sum w_k (s_k^2 I + mu_k mu_k^T) - m m^T. Tolerance: 5 standard errors, from C_jj/n
     * for the mean and from the sample variance of the centred products for each covariance entry.
     */
    @Test
    void sampleMomentsMatchTheMixture() {
        int n = 200_000;
        double[][] x = Draws.rows(uneven(), n, new Rng(21));
        double weightSum = WEIGHTS[0] + WEIGHTS[1] + WEIGHTS[2];
        double[] mean = new double[2];
        double[][] second = new double[2][2];
        for (int k = 0; k < 3; k++) {
            double w = WEIGHTS[k] / weightSum;
            for (int a = 0; a < 2; a++) {
                mean[a] += w * MEANS[k][a];
                for (int b = 0; b < 2; b++) {
                    second[a][b] += w * (MEANS[k][a] * MEANS[k][b] + (a == b ? STDS[k] * STDS[k] : 0.0));
                }
            }
        }
        for (int a = 0; a < 2; a++) {
            double[] column = Draws.column(x, a);
            double covAA = second[a][a] - mean[a] * mean[a];
            assertThat(Draws.mean(column)).as("mean %d", a).isCloseTo(mean[a], within(5 * Math.sqrt(covAA / n)));
            for (int b = 0; b < 2; b++) {
                double sampleMeanA = Draws.mean(column);
                double sampleMeanB = Draws.mean(Draws.column(x, b));
                double[] products = new double[n];
                for (int i = 0; i < n; i++) {
                    products[i] = (x[i][a] - sampleMeanA) * (x[i][b] - sampleMeanB);
                }
                double expected = second[a][b] - mean[a] * mean[b];
                assertThat(Draws.mean(products)).as("covariance %d,%d", a, b)
                        .isCloseTo(expected, within(5 * Draws.standardError(products)));
            }
        }
    }

    @Test
    void ringHasEqualComponentsEvenlySpacedOnTheCircle() {
        RingMixtureSource ring = new RingMixtureSource(new RingMixtureSource.Options(8, 2.0, 0.2));
        GaussianMixture mixture = ring.mixture();
        assertThat(ring.sampleShape().getShape()).containsExactly(2);
        assertThat(ring.capabilities()).contains(Capability.CLOSED_FORM);
        assertThat(mixture.components()).isEqualTo(8);
        double[][] means = mixture.means();
        for (int k = 0; k < 8; k++) {
            assertThat(Math.hypot(means[k][0], means[k][1])).isCloseTo(2.0, within(1e-15));
            double angle = Math.atan2(means[k][1], means[k][0]);
            double expected = 2 * Math.PI * k / 8;
            assertThat(Math.cos(angle - expected)).as("angle of mean %d", k).isCloseTo(1.0, within(1e-14));
            assertThat(mixture.stds()[k]).isEqualTo(0.2);
            assertThat(mixture.weights()[k]).isCloseTo(1.0 / 8, within(1e-16));
        }
        // Neighbouring means are a chord 2 r sin(pi/K) apart.
        double chord = Math.hypot(means[1][0] - means[0][0], means[1][1] - means[0][1]);
        assertThat(chord).isCloseTo(2 * 2.0 * Math.sin(Math.PI / 8), within(1e-14));
    }

    @Test
    void randomMixtureIsFixedByItsOptions() {
        RandomMixtureSource.Options options = new RandomMixtureSource.Options(16, 8, 5L, 1.5, 0.3);
        GaussianMixture first = new RandomMixtureSource(options).mixture();
        GaussianMixture again = new RandomMixtureSource(options).mixture();
        GaussianMixture otherSeed = new RandomMixtureSource(new RandomMixtureSource.Options(16, 8, 6L, 1.5, 0.3))
                .mixture();
        assertThat(first.dims()).isEqualTo(16);
        assertThat(first.components()).isEqualTo(8);
        assertThat(first.means()).isDeepEqualTo(again.means());
        assertThat(first.means()[0]).isNotEqualTo(otherSeed.means()[0]);
        assertThat(first.stds()).containsOnly(0.3);
        assertThat(first.weights()).containsOnly(1.0 / 8);
        // The 128 mean coordinates are N(0, spread^2) draws: their mean square is spread^2 within
        // 5 standard errors (the mean square of chi^2_1/128 has relative sd sqrt(2/128) = 0.125).
        double meanSquare = 0;
        for (double[] mean : first.means()) {
            for (double v : mean) {
                meanSquare += v * v / 128;
            }
        }
        assertThat(meanSquare).isCloseTo(1.5 * 1.5, within(5 * 0.125 * 1.5 * 1.5));
    }

    @Test
    void gmmWithoutWeightsWeighsComponentsEqually() {
        GaussianMixtureSource source = new GaussianMixtureSource(
                new GaussianMixtureSource.Options(new double[][] {{-2.0}, {2.0}}, new double[] {0.5, 0.5}, new double[0]));
        assertThat(source.mixture().weights()).containsExactly(0.5, 0.5);
        assertThat(source.sampleShape().getShape()).containsExactly(1);
    }
}
