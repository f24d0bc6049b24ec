package org.difflab.tck.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.difflab.tck.fixtures.ReferenceData;
import org.junit.jupiter.api.Test;

class TwoSampleComparisonTest {

    private static final GaussianMixture DATA = ReferenceData.MIXTURE;
    private static final int COUNT = 512;

    /**
     * The test has power at 512 samples: draws from a mixture whose stds are 25% too large, or whose weights are off
     * by 0.15, fail it; a fresh draw of the mixture itself passes.
     */
    @Test
    void detectsWrongDistributionsAndPassesTheRightOne() {
        double[][] reference = DATA.sample(COUNT, new Rng(7));
        GaussianMixture wider = new GaussianMixture(DATA.means(),
                Arrays.stream(DATA.stds()).map(s -> 1.25 * s).toArray(), DATA.weights());
        GaussianMixture reweighted = new GaussianMixture(DATA.means(), DATA.stds(), new double[] {0.45, 0.35, 0.2});
        assertThat(TwoSampleComparison.failures(wider.sample(COUNT, new Rng(8)), reference, DATA)).isNotEmpty();
        assertThat(TwoSampleComparison.failures(reweighted.sample(COUNT, new Rng(8)), reference, DATA))
                .anyMatch(f -> f.startsWith("share of component"));
        assertThat(TwoSampleComparison.failures(DATA.sample(COUNT, new Rng(8)), reference, DATA)).isEmpty();
    }

    /** Each statistic is |difference of means| / sqrt(var_a/n_a + var_b/n_b), the unbiased variances. */
    @Test
    void theStatisticIsTheDifferenceInStandardErrors() {
        GaussianMixture single = GaussianMixture.single(new double[] {0.0}, 1.0);
        double[][] a = {{1}, {2}, {3}, {4}};
        double[][] b = {{0}, {0}, {1}, {1}};
        List<TwoSampleComparison.Statistic> statistics = TwoSampleComparison.compare(a, b, single);
        TwoSampleComparison.Statistic mean = statistics.stream().filter(s -> s.name().equals("mean of x0")).findFirst()
                .orElseThrow();
        // means 2.5 and 0.5; variances 5/3 and 1/3: z = 2 / sqrt((5/3 + 1/3) / 4) = 2 sqrt(2)
        assertThat(mean.sample()).isEqualTo(2.5);
        assertThat(mean.reference()).isEqualTo(0.5);
        assertThat(mean.z()).isCloseTo(2 * Math.sqrt(2), within(1e-12));
        assertThat(mean.consistent()).isTrue();
        assertThat(TwoSampleComparison.largest(statistics).z()).isGreaterThanOrEqualTo(mean.z());
    }

    @Test
    void nonFiniteSamplesAreInconsistent() {
        double[][] reference = DATA.sample(COUNT, new Rng(7));
        double[][] samples = DATA.sample(COUNT, new Rng(8));
        samples[3][1] = Double.NaN;
        assertThat(TwoSampleComparison.failures(samples, reference, DATA)).anyMatch(f -> f.contains("mean of x1"));
    }
}
