package org.difflab.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrainingBenchmarkTest {

    /**
     * The ceiling is the one-thread step's share of the one-thread product, scaled by the threads and by how much
     * faster the product runs on them: with the product exactly twice as fast on two threads, two one-thread steps
     * reach the one-thread share itself (5.12 GFLOP x 17.73 steps/s = 90.8 GFLOP/s, 56.5% of 160.7), and with it
     * 1.97x as fast (316.3 GFLOP/s), 2 x 90.8 / 316.3 = 57.4%.
     */
    @Test
    void theCeilingIsTheOneThreadShareScaledByTheProductsSpeedUp() {
        long flops = 5_120_000_000L;
        double oneThread = 100 * flops * 17.73 / 1e9 / 160.7;
        assertThat(TrainingBenchmark.perfectScalingPercent(flops, 17.73, 2, 2 * 160.7)).isCloseTo(oneThread,
                within(1e-12));
        assertThat(TrainingBenchmark.perfectScalingPercent(flops, 17.73, 2, 316.3)).isCloseTo(57.40, within(0.01));
    }
}
