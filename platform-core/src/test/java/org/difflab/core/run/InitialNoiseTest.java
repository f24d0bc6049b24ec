package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

/**
 * The sampler takes its initial draws batch by batch; they must be the draws of one call for the whole count,
 * whatever the batch sizes (Box-Muller makes pairs, so an odd batch leaves half a pair for the next).
 */
class InitialNoiseTest {

    @Test
    void drawsTakenInBatchesOfAnySizeAreTheWholeCountsDraws() {
        double[] whole = SeedStreams.INITIAL_NOISE.of(7).gaussians(1000);
        Sampler.InitialNoise fromStream = Sampler.InitialNoise.from(SeedStreams.INITIAL_NOISE.of(7));
        Sampler.InitialNoise fromFile = Sampler.InitialNoise.from(whole);
        double[] streamed = new double[1000];
        double[] sliced = new double[1000];
        int position = 0;
        for (int size : new int[] {7, 1, 300, 33, 659}) {
            System.arraycopy(fromStream.next(size), 0, streamed, position, size);
            System.arraycopy(fromFile.next(size), 0, sliced, position, size);
            position += size;
        }
        assertThat(streamed).containsExactly(whole);
        assertThat(sliced).containsExactly(whole);
    }
}
