package org.difflab.plugins.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.difflab.api.Capability;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

class NoiseDistributionTest {

    private static final int N = 20000;

    private static Map<String, NoiseDistribution> defaults() {
        Map<String, NoiseDistribution> d = new LinkedHashMap<>();
        d.put("log-normal", new LogNormalNoise(new LogNormalNoise.Options(-1.2, 1.2)));
        d.put("uniform-time", new UniformTimeNoise(new UniformTimeNoise.Options(null, null)));
        d.put("log-uniform", new LogUniformNoise(new LogUniformNoise.Options(null, 100.0)));
        d.put("discrete", new DiscreteNoise(new DiscreteNoise.Options(1000)));
        d.put("logit-normal", new LogitNormalNoise(new LogitNormalNoise.Options(0.0, 1.0)));
        return d;
    }

    private static double[] draws(NoiseDistribution d, ForwardProcess process, long seed, int n) {
        Rng rng = new Rng(seed);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = d.sampleTime(rng, process);
        }
        return t;
    }

    /** Processes each distribution applies to with its defaults (log-uniform on EDM/VP needs sigma_max <= range). */
    private static ForwardProcess[] processesFor(String name) {
        return name.equals("log-uniform")
                ? new ForwardProcess[] {TestProcesses.edm(), TestProcesses.rectifiedFlow()}
                : TestProcesses.all();
    }

    @Test
    void drawsLieInsideTheTimeRangeAndFollowTheDeclaredCdf() {
        defaults().forEach((name, d) -> {
            assertThat(d.capabilities()).contains(Capability.CLOSED_FORM_CDF);
            for (ForwardProcess process : processesFor(name)) {
                double[] t = draws(d, process, 11, N);
                assertThat(Arrays.stream(t).allMatch(v -> Double.isFinite(v) && v >= process.tMin()
                        && v <= process.tMax())).as("%s on %s: draws inside [tMin, tMax]", name, process).isTrue();
                DoubleUnaryOperator cdf = d.timeCdf(process).orElseThrow();
                double ks = Kolmogorov.statistic(t, cdf);
                // One fixed seed; the 1% critical value makes a false alarm a 1-in-100 property of the seed.
                assertThat(ks).as("%s on %s: KS statistic", name, process)
                        .isLessThan(Kolmogorov.criticalValue1Percent(N));
            }
        });
    }

    @Test
    void theKolmogorovTestDetectsAWrongCdf() {
        // Guard against a vacuous check: log-normal draws against the CDF of a shifted mean must be rejected.
        ForwardProcess edm = TestProcesses.edm();
        double[] t = draws(new LogNormalNoise(new LogNormalNoise.Options(-1.2, 1.2)), edm, 11, N);
        DoubleUnaryOperator shifted = new LogNormalNoise(new LogNormalNoise.Options(-1.1, 1.2)).timeCdf(edm).orElseThrow();
        assertThat(Kolmogorov.statistic(t, shifted)).isGreaterThan(Kolmogorov.criticalValue1Percent(N));
    }

    @Test
    void drawsAreDeterminedByTheRngSeed() {
        defaults().forEach((name, d) -> {
            ForwardProcess process = processesFor(name)[0];
            assertThat(draws(d, process, 5, 100)).as(name).containsExactly(draws(d, process, 5, 100));
            assertThat(draws(d, process, 5, 100)).as(name).isNotEqualTo(draws(d, process, 6, 100));
        });
    }

    @Test
    void standardNormalCdfMatchesTabulatedValues() {
        // Reference values of Phi to 16 digits (e.g. Abramowitz and Stegun Table 26.1 extended; erfc identities).
        double[][] table = {
            {0.0, 0.5},
            {1.0, 0.8413447460685429},
            {-1.0, 0.15865525393145707},
            {1.96, 0.9750021048517795},
            {-3.0, 0.0013498980316300946},
            {-6.0, 9.865876450376946e-10},
            {-10.0, 7.61985302416047e-24},
            {4.5, 0.9999966023268804},
        };
        for (double[] row : table) {
            // ~1e-14 relative: up to ~100 continued-fraction steps each rounding at 1e-16.
            assertThat(StandardNormal.cdf(row[0])).as("Phi(%s)", row[0]).isCloseTo(row[1], within(1e-13 * row[1]));
        }
    }

    @Test
    void logNormalIsEdmsOnEdmsProcessAndTruncatedOnVp() {
        LogNormalNoise d = new LogNormalNoise(new LogNormalNoise.Options(-1.2, 1.2));
        // EDM: t = sigma and nothing is truncated: F(t) = Phi((ln t + 1.2)/1.2).
        DoubleUnaryOperator cdf = d.timeCdf(TestProcesses.edm()).orElseThrow();
        for (double t : new double[] {0.01, 0.3, 1.0, 5.0, 80.0}) {
            assertThat(cdf.applyAsDouble(t)).isCloseTo(StandardNormal.cdf((Math.log(t) + 1.2) / 1.2), within(1e-15));
        }
        // VP: the noise level stops at sigma_VP(1) = 152.2, so the CDF reaches exactly 1 at t = 1 and the mass
        // beyond (Phi(-(ln 152.2 + 1.2)/1.2) ~ 1e-7) is redistributed.
        ForwardProcess vp = TestProcesses.vp();
        assertThat(d.timeCdf(vp).orElseThrow().applyAsDouble(1.0)).isEqualTo(1.0);
        double top = Arrays.stream(draws(d, vp, 3, N)).max().orElseThrow();
        assertThat(top).isLessThanOrEqualTo(1.0);
    }

    @Test
    void logNormalRejectsOptionsThatMissTheProcessRange() {
        // VP's noise levels end at 152.2 (ln = 5.0); N(20, 0.5^2) puts ~1e-190 of its mass there.
        LogNormalNoise d = new LogNormalNoise(new LogNormalNoise.Options(20.0, 0.5));
        assertThatThrownBy(() -> d.sampleTime(new Rng(1), TestProcesses.vp()))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("p_mean"))
                .hasMessageContaining("152.");
    }

    @Test
    void uniformTimeDefaultsToTheSamplingRangeAndChecksOverrides() {
        UniformTimeNoise d = new UniformTimeNoise(new UniformTimeNoise.Options(null, null));
        TimeRange vp = d.interval(TestProcesses.vp());
        assertThat(vp.lo()).isEqualTo(1e-3);
        assertThat(vp.hi()).isEqualTo(1.0);
        TimeRange edmVp = new UniformTimeNoise(new UniformTimeNoise.Options(1e-5, null)).interval(TestProcesses.vp());
        assertThat(edmVp.lo()).isEqualTo(1e-5);
        assertThatThrownBy(() -> new UniformTimeNoise(new UniformTimeNoise.Options(null, 2.0))
                .sampleTime(new Rng(1), TestProcesses.vp()))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("t_max"));
        assertThatThrownBy(() -> new UniformTimeNoise.Options(0.5, 0.5))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("t_min"));
    }

    @Test
    void logUniformDefaultsToTheSamplingRangeAndNeedsAFiniteTop() {
        LogUniformNoise d = new LogUniformNoise(new LogUniformNoise.Options(null, null));
        double[] t = draws(d, TestProcesses.edm(), 2, 2000);
        assertThat(Arrays.stream(t).min().orElseThrow()).isGreaterThanOrEqualTo(0.002);
        assertThat(Arrays.stream(t).max().orElseThrow()).isLessThanOrEqualTo(80.0);
        // ln sigma uniform: the median noise level is the geometric mean sqrt(0.002 * 80).
        assertThat(d.timeCdf(TestProcesses.edm()).orElseThrow().applyAsDouble(Math.sqrt(0.002 * 80)))
                .isCloseTo(0.5, within(1e-12));
        assertThatThrownBy(() -> d.sampleTime(new Rng(1), TestProcesses.rectifiedFlow()))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("sigma_max"));
        // VP's noise levels end at 152.2: sigma_max 1000 is unreachable.
        assertThatThrownBy(() -> new LogUniformNoise(new LogUniformNoise.Options(0.02, 1000.0))
                .sampleTime(new Rng(1), TestProcesses.vp()))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("sigma_max"));
    }

    @Test
    void discreteDrawsEveryDdpmIndexTimeAndNothingElse() {
        int steps = 10;
        DiscreteNoise d = new DiscreteNoise(new DiscreteNoise.Options(steps));
        double[] t = draws(d, TestProcesses.vp(), 4, 5000);
        // vp-discrete's index n sits at t_n = (n + 1)/N: the draws are exactly those N times, each about 1/N.
        Map<Double, Integer> counts = new java.util.TreeMap<>();
        for (double v : t) {
            counts.merge(v, 1, Integer::sum);
        }
        double[] expectedTimes = new double[steps];
        for (int n = 0; n < steps; n++) {
            expectedTimes[n] = (double) (n + 1) / steps;
        }
        assertThat(counts.keySet().stream().mapToDouble(Double::doubleValue).toArray()).containsExactly(expectedTimes);
        // Each count ~ Binomial(5000, 0.1): mean 500, sd 21; 5 sd either side.
        counts.values().forEach(c -> assertThat(c).isBetween(395, 605));
        DoubleUnaryOperator cdf = d.timeCdf(TestProcesses.vp()).orElseThrow();
        assertThat(cdf.applyAsDouble(0.3)).isEqualTo(0.3);
        assertThat(cdf.applyAsDouble(Math.nextDown(0.3))).isEqualTo(0.2);
        assertThat(cdf.applyAsDouble(0.0)).isEqualTo(0.0);
    }

    @Test
    void logitNormalIsTheSigmoidOfANormalOnRectifiedFlow() {
        LogitNormalNoise d = new LogitNormalNoise(new LogitNormalNoise.Options(0.0, 1.0));
        Rng rng = new Rng(9);
        Rng same = new Rng(9);
        for (int i = 0; i < 100; i++) {
            double expected = 1.0 / (1.0 + Math.exp(-same.nextGaussian()));
            assertThat(d.sampleTime(rng, TestProcesses.rectifiedFlow())).isEqualTo(expected);
        }
        // Median 1/2 for m = 0; on EDM's unbounded process the range is [0, samplingStart = 80].
        assertThat(d.timeCdf(TestProcesses.rectifiedFlow()).orElseThrow().applyAsDouble(0.5)).isEqualTo(0.5);
        assertThat(d.timeCdf(TestProcesses.edm()).orElseThrow().applyAsDouble(40.0)).isEqualTo(0.5);
    }
}
