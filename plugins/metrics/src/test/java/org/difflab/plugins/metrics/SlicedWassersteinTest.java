package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.Capability;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

class SlicedWassersteinTest {

    private static final SlicedWasserstein DEFAULT = new SlicedWasserstein(new SlicedWasserstein.Options(128, 50_000));

    private static double sw(SlicedWasserstein metric, double[][] x, double[][] y, long seed) {
        return metric.compute(new MetricInput(Points.of(x), Points.of(y), null, new Rng(seed)));
    }

    @Test
    void oneDimensionalQuantileMatchingIsExact() {
        // Equal sizes: sorted pairs (0,1), (1,2), (2,3) each differ by 1, so W_2 = 1 whatever the order given.
        assertThat(sw(DEFAULT, new double[][] {{2}, {0}, {1}}, new double[][] {{1}, {3}, {2}}, 1))
                .isCloseTo(1.0, within(1e-15));
        // Unequal sizes: F^-1 = 0 on [0,1/2), 1 on [1/2,1); G^-1 = 0, 0.5, 1 on thirds. They differ by 0.5 on
        // [1/3, 2/3) only: W_2^2 = 0.25 / 3.
        double[] a = {0.0, 1.0};
        double[] b = {0.0, 0.5, 1.0};
        assertThat(SlicedWasserstein.squaredWasserstein1d(a, b)).isCloseTo(1.0 / 12, within(1e-16));
        assertThat(SlicedWasserstein.squaredWasserstein1d(b, a)).isEqualTo(SlicedWasserstein.squaredWasserstein1d(a, b));
        assertThat(sw(DEFAULT, new double[][] {{0.0}, {1.0}}, new double[][] {{0.5}, {1.0}, {0.0}}, 1))
                .isCloseTo(Math.sqrt(1.0 / 12), within(1e-15));
    }

    /**
     * In 1-D every projection is +-1, so SW_2 = W_2(N(0,1), N(m,1)) = |m|. The estimate is off mainly by the
     * difference of the sample means (sd sqrt(2/n) = 0.01); 5 of those plus the O(log n / n) quantile-noise bias.
     */
    @Test
    void equalsTheShiftBetweenUnitNormalsInOneDimension() {
        int n = 20_000;
        double[][] x = TestData.gaussian(n, new double[] {0.0}, 1.0, new Rng(81));
        double[][] y = TestData.gaussian(n, new double[] {2.0}, 1.0, new Rng(82));
        assertThat(sw(DEFAULT, x, y, 1)).isCloseTo(2.0, within(5 * Math.sqrt(2.0 / n) + 1e-3));
    }

    /**
     * N(0, I) against N(m, I) in d dimensions: each projection is W_2^2 = (theta.m)^2, and over uniform theta
     * (theta.m)^2/|m|^2 ~ Beta(1/2, (d-1)/2), mean 1/d, variance 2(d-1)/(d^2(d+2)); so SW_2^2 -> |m|^2/d. Tolerance on
     * SW_2^2: 5 standard errors combining the projection average (|m|^2 sqrt(var/P)) and the sample means'
     * difference delta (|m + delta|^2/d moves by ~2|m| sqrt(2/n)/d), plus 1e-2 for the quantile-noise bias.
     */
    @Test
    void approachesShiftOverSqrtDimensionForGaussians() {
        int d = 4;
        int n = 4000;
        int projections = 4000;
        double[] shift = {3.0, 0.0, 0.0, 0.0};
        double norm = 3.0;
        double[][] x = TestData.gaussian(n, new double[d], 1.0, new Rng(91));
        double[][] y = TestData.gaussian(n, shift, 1.0, new Rng(92));
        double value = sw(new SlicedWasserstein(new SlicedWasserstein.Options(projections, 50_000)), x, y, 3);
        double betaVariance = 2.0 * (d - 1) / ((double) d * d * (d + 2));
        double projectionError = norm * norm * Math.sqrt(betaVariance / projections);
        double meanError = 2 * norm * Math.sqrt(2.0 / n) / d;
        double tolerance = 5 * Math.hypot(projectionError, meanError) + 1e-2;
        assertThat(value * value).isCloseTo(norm * norm / d, within(tolerance));
        assertThat(tolerance).as("informative: well below |m|^2/d").isLessThan(0.2 * norm * norm / d);
    }

    @Test
    void isExactlyZeroForIdenticalAndExactlySymmetric() {
        double[][] x = TestData.gaussian(2000, new double[] {0, 0, 0}, 1.0, new Rng(101));
        double[][] y = TestData.gaussian(1500, new double[] {0.5, 0, 0}, 1.0, new Rng(102));
        assertThat(sw(DEFAULT, x, TestData.copy(x), 1)).isZero();
        assertThat(sw(DEFAULT, x, y, 1)).isEqualTo(sw(DEFAULT, y, x, 1)).isPositive();
        assertThat(DEFAULT.capabilities()).contains(Capability.ZERO_FOR_IDENTICAL, Capability.SYMMETRIC);
    }

    @Test
    void growsAsTheSamplesMoveAwayAndIsReproducible() {
        double[][] reference = TestData.gaussian(2000, new double[] {0, 0}, 1.0, new Rng(111));
        double previous = 0;
        for (double shift : new double[] {0.25, 0.5, 1.0, 2.0}) {
            double[][] samples = TestData.gaussian(2000, new double[] {shift, shift}, 1.0, new Rng(112));
            double value = sw(DEFAULT, samples, reference, 1);
            assertThat(value).as("shift %s", shift).isGreaterThan(previous);
            assertThat(sw(DEFAULT, samples, reference, 1)).isEqualTo(value);
            previous = value;
        }
    }

    @Test
    void rejectsNoProjections() {
        assertThatThrownBy(() -> new SlicedWasserstein.Options(0, 50_000))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("projections"))
                .hasMessageContaining("at least 1");
    }

    /**
     * Above max_points each set is subsampled: in 1-D, N(0,1) against N(2,1) with 16,000 points each but
     * max_points = 2,000 still gives |m| = 2, within 5 standard errors of the subsample means' difference
     * (sd sqrt(2/2000) = 0.032) plus the quantile-noise bias; identical sets still give exactly zero and swapped
     * arguments exactly the same value, because both sets are put in canonical order before the subsample is drawn.
     */
    @Test
    void largerSetsAreSubsampledToMaxPointsKeepingZeroAndSymmetry() {
        int n = 16_000;
        int max = 2_000;
        SlicedWasserstein capped = new SlicedWasserstein(new SlicedWasserstein.Options(128, max));
        double[][] x = TestData.gaussian(n, new double[] {0.0}, 1.0, new Rng(121));
        double[][] y = TestData.gaussian(n, new double[] {2.0}, 1.0, new Rng(122));
        assertThat(sw(capped, x, y, 4)).isCloseTo(2.0, within(5 * Math.sqrt(2.0 / max) + 5e-3));
        assertThat(sw(capped, x, TestData.copy(x), 4)).isZero();
        double[][] shorter = java.util.Arrays.copyOf(y, n - 1);
        assertThat(sw(capped, x, shorter, 4)).isEqualTo(sw(capped, shorter, x, 4));
        // a subsample, not the whole set: the value differs from the uncapped one (by about its sampling noise)
        double whole = sw(new SlicedWasserstein(new SlicedWasserstein.Options(128, n)), x, y, 4);
        assertThat(sw(capped, x, y, 4)).isNotEqualTo(whole);
    }

    /**
     * A run calls the metric twice with the same reference and metric stream (samples, then the data-vs-data
     * baseline): the second call reuses the reference's sorted projections. Every value must be bit for bit the one a
     * fresh instance computes, also when the reference then changes, and with subsampling, where the canonical order
     * may put the reference first.
     */
    @Test
    void theSecondCallWithTheSameReferenceGivesExactlyTheFreshValue() {
        double[][] reference = TestData.gaussian(1200, new double[] {0, 0}, 1.0, new Rng(141));
        double[][] samples = TestData.gaussian(1200, new double[] {0.3, 0}, 1.0, new Rng(142));
        double[][] baseline = TestData.gaussian(1200, new double[] {0, 0}, 1.0, new Rng(143));
        double[][] otherReference = TestData.copy(reference);
        for (double[] point : otherReference) {   // every point moved a little (a subsample sees the change too)
            point[0] -= 0.01;
        }
        for (int maxPoints : new int[] {50_000, 500}) {
            SlicedWasserstein run = new SlicedWasserstein(new SlicedWasserstein.Options(32, maxPoints));
            double[] values = {sw(run, samples, reference, 9), sw(run, baseline, TestData.copy(reference), 9),
                sw(run, samples, otherReference, 9), sw(run, samples, reference, 10)};
            double[] fresh = {
                sw(new SlicedWasserstein(new SlicedWasserstein.Options(32, maxPoints)), samples, reference, 9),
                sw(new SlicedWasserstein(new SlicedWasserstein.Options(32, maxPoints)), baseline, reference, 9),
                sw(new SlicedWasserstein(new SlicedWasserstein.Options(32, maxPoints)), samples, otherReference, 9),
                sw(new SlicedWasserstein(new SlicedWasserstein.Options(32, maxPoints)), samples, reference, 10)};
            assertThat(values).as("max_points %d", maxPoints).containsExactly(fresh);
            // another reference or other directions (another stream) give another value
            assertThat(values[2]).isNotEqualTo(values[0]);
            assertThat(values[3]).isNotEqualTo(values[0]);
        }
    }

    @Test
    void setsWithinMaxPointsAreUsedWhole() {
        double[][] x = TestData.gaussian(3000, new double[] {0, 0}, 1.0, new Rng(131));
        double[][] y = TestData.gaussian(2500, new double[] {0.3, 0}, 1.0, new Rng(132));
        double atTheCap = sw(new SlicedWasserstein(new SlicedWasserstein.Options(64, 3000)), x, y, 5);
        assertThat(sw(new SlicedWasserstein(new SlicedWasserstein.Options(64, 1_000_000)), x, y, 5)).isEqualTo(atTheCap);
        assertThatThrownBy(() -> new SlicedWasserstein.Options(64, 1))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("max_points"));
    }
}
