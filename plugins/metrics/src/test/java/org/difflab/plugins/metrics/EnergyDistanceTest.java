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

class EnergyDistanceTest {

    private static final EnergyDistance DEFAULT = new EnergyDistance(new EnergyDistance.Options(10_000));

    private static double energy(EnergyDistance metric, double[][] x, double[][] y, long seed) {
        return metric.compute(new MetricInput(Points.of(x), Points.of(y), null, new Rng(seed)));
    }

    @Test
    void smallSetsGiveTheHandComputedValue() {
        // 2|0 - 1| - 0 - 0 = 2.
        assertThat(energy(DEFAULT, new double[][] {{0}}, new double[][] {{1}}, 1)).isEqualTo(2.0);
        // X = {0, 2}, Y = {1}: E|X-Y| = 1, E|X-X'| = (0 + 2 + 2 + 0)/4 = 1 (V-statistic), E|Y-Y'| = 0: 2 - 1 = 1.
        assertThat(energy(DEFAULT, new double[][] {{0}, {2}}, new double[][] {{1}}, 1)).isEqualTo(1.0);
        // Euclidean in 2-D: a 3-4-5 triangle gives 2 * 5.
        assertThat(energy(DEFAULT, new double[][] {{0, 0}}, new double[][] {{3, 4}}, 1)).isEqualTo(10.0);
    }

    /**
     * X ~ N(0, 1), Y ~ N(mu, 1): X - Y ~ N(-mu, 2), whose absolute value is folded normal with mean
     * s sqrt(2/pi) exp(-mu^2 / (2 s^2)) + mu (1 - 2 Phi(-mu/s)), s = sqrt(2); E|X - X'| = E|Y - Y'| = 2/sqrt(pi).
     * The V-statistic's within-set terms include the zero diagonal, so its mean is
     * 2 E|X-Y| - (1 - 1/n)(E|X-X'| + E|Y-Y'|). The mean of 20 independent replicates is compared with it within
     * 5 standard errors of that mean (estimated from the replicates' spread).
     */
    @Test
    void matchesTheClosedFormForTwoNormals() {
        double mu = 1.0;
        double s = Math.sqrt(2.0);
        double cross = s * Math.sqrt(2 / Math.PI) * Math.exp(-mu * mu / (2 * s * s)) + mu * (1 - 2 * normalCdf(-mu / s));
        double within = 2 / Math.sqrt(Math.PI);
        int n = 3000;
        int replicates = 20;
        double expected = 2 * cross - (1 - 1.0 / n) * 2 * within;
        double[] values = new double[replicates];
        Rng rng = new Rng(31);
        for (int r = 0; r < replicates; r++) {
            double[][] x = TestData.gaussian(n, new double[] {0.0}, 1.0, rng);
            double[][] y = TestData.gaussian(n, new double[] {mu}, 1.0, rng);
            values[r] = energy(DEFAULT, x, y, r);
        }
        double mean = 0;
        for (double v : values) {
            mean += v / replicates;
        }
        double spread = 0;
        for (double v : values) {
            spread += (v - mean) * (v - mean) / (replicates - 1);
        }
        double standardError = Math.sqrt(spread / replicates);
        assertThat(mean).isCloseTo(expected, within(5 * standardError));
        // The check is informative: the tolerance is a small fraction of the value (~0.54) itself.
        assertThat(5 * standardError).isLessThan(0.1 * expected);
    }

    @Test
    void isExactlyZeroForIdenticalSets() {
        double[][] x = TestData.gaussian(3000, new double[] {0.5, -1.0}, 1.0, new Rng(41));
        assertThat(energy(DEFAULT, x, TestData.copy(x), 1)).isZero();
        // Also when both sets are subsampled: equal sizes share one index draw.
        EnergyDistance small = new EnergyDistance(new EnergyDistance.Options(500));
        assertThat(energy(small, x, TestData.copy(x), 2)).isZero();
        assertThat(DEFAULT.capabilities()).contains(Capability.ZERO_FOR_IDENTICAL, Capability.SYMMETRIC);
    }

    @Test
    void isExactlySymmetric() {
        double[][] x = TestData.gaussian(1500, new double[] {0, 0, 0}, 1.0, new Rng(51));
        double[][] y = TestData.gaussian(1100, new double[] {0.3, 0, 0}, 1.2, new Rng(52));
        double[][] z = TestData.gaussian(1500, new double[] {0.3, 0, 0}, 1.2, new Rng(53));
        assertThat(energy(DEFAULT, x, y, 1)).isEqualTo(energy(DEFAULT, y, x, 1)).isPositive();
        assertThat(energy(DEFAULT, x, z, 1)).isEqualTo(energy(DEFAULT, z, x, 1));
        EnergyDistance small = new EnergyDistance(new EnergyDistance.Options(400));
        assertThat(energy(small, x, y, 7)).isEqualTo(energy(small, y, x, 7));
    }

    @Test
    void growsAsTheSamplesMoveAway() {
        double[][] reference = TestData.gaussian(2000, new double[] {0, 0}, 1.0, new Rng(61));
        double previous = 0;
        for (double shift : new double[] {0.25, 0.5, 1.0, 2.0}) {
            double[][] samples = TestData.gaussian(2000, new double[] {shift, 0}, 1.0, new Rng(62));
            double value = energy(DEFAULT, samples, reference, 1);
            assertThat(value).as("shift %s", shift).isGreaterThan(previous);
            previous = value;
        }
    }

    @Test
    void subsamplesLargeSetsReproducibly() {
        double[][] x = TestData.gaussian(3000, new double[] {0, 0}, 1.0, new Rng(71));
        double[][] y = TestData.gaussian(3000, new double[] {1, 0}, 1.0, new Rng(72));
        EnergyDistance small = new EnergyDistance(new EnergyDistance.Options(1000));
        double first = energy(small, x, y, 5);
        assertThat(energy(small, x, y, 5)).isEqualTo(first);
        // A different metric stream picks a different subsample, hence (almost surely) a different value.
        assertThat(energy(small, x, y, 6)).isNotEqualTo(first);
        // Without subsampling the rng is not used at all.
        assertThat(energy(DEFAULT, x, y, 5)).isEqualTo(energy(DEFAULT, x, y, 6));
    }

    @Test
    void rejectsTooFewPointsAndMismatchedDimensions() {
        assertThatThrownBy(() -> new EnergyDistance.Options(1))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("max_points"))
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> energy(DEFAULT, new double[][] {{0, 0}}, new double[][] {{0}}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 coordinates");
    }

    /** Standard normal CDF via erf (Abramowitz &amp; Stegun 7.1.26, |error| &le; 1.5e-7, far below the MC error). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1 - poly * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /**
     * A run calls the metric twice with the same reference (samples, then the data-vs-data baseline): the second call
     * takes the reference's within-set mean from the first. Every value must be bit for bit the one a fresh instance
     * computes, also when the reference then changes (no stale reuse) and when the sets are subsampled.
     */
    @Test
    void theSecondCallWithTheSameReferenceGivesExactlyTheFreshValue() {
        double[][] reference = TestData.gaussian(1500, new double[] {0, 0}, 1.0, new Rng(81));
        double[][] samples = TestData.gaussian(1500, new double[] {0.2, 0}, 1.1, new Rng(82));
        double[][] baseline = TestData.gaussian(1500, new double[] {0, 0}, 1.0, new Rng(83));
        double[][] otherReference = TestData.copy(reference);
        for (double[] point : otherReference) {   // every point moved a little (a subsample sees the change too)
            point[1] += 0.01;
        }
        for (int maxPoints : new int[] {10_000, 600}) {
            EnergyDistance run = new EnergyDistance(new EnergyDistance.Options(maxPoints));
            double ofSamples = energy(run, samples, reference, 3);
            double ofBaseline = energy(run, baseline, TestData.copy(reference), 3);   // equal content, other array
            double ofOther = energy(run, samples, otherReference, 3);
            double[] fresh = {
                energy(new EnergyDistance(new EnergyDistance.Options(maxPoints)), samples, reference, 3),
                energy(new EnergyDistance(new EnergyDistance.Options(maxPoints)), baseline, reference, 3),
                energy(new EnergyDistance(new EnergyDistance.Options(maxPoints)), samples, otherReference, 3)};
            assertThat(new double[] {ofSamples, ofBaseline, ofOther}).as("max_points %d", maxPoints).containsExactly(fresh);
            assertThat(ofOther).isNotEqualTo(ofSamples);
        }
        // and the fresh value is the definition: 2 E|X-Y| - E|X-X'| - E|Y-Y'| from the pairwise means
        Points x = Points.of(baseline);
        Points y = Points.of(reference);
        double byDefinition = 2 * PairwiseDistances.meanDistance(x, y)
                - (PairwiseDistances.meanSelfDistance(x) + PairwiseDistances.meanSelfDistance(y));
        assertThat(energy(DEFAULT, samples, reference, 1)).isPositive();
        assertThat(energy(DEFAULT, baseline, reference, 1)).isCloseTo(byDefinition, within(1e-15));
    }

    /** A set's mean distance to itself from the pairs above the diagonal equals the full double sum. */
    @Test
    void selfDistanceFromHalfThePairsEqualsTheFullMean() {
        for (int n : new int[] {1, 2, 63, 64, 65, 1023, 1025, 2500}) {
            double[][] x = TestData.gaussian(n, new double[] {0, 0, 0}, 1.0, new Rng(n));
            double full = PairwiseDistances.meanDistance(Points.of(x), Points.of(TestData.copy(x)));
            // rounding only: n^2 terms of size ~2 summed in different orders
            assertThat(PairwiseDistances.meanSelfDistance(Points.of(x))).as("n = %d", n).isCloseTo(full, within(1e-12 * full + 1e-300));
        }
    }
}
