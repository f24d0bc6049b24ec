package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The intra-op thread choice: exact sampling on one thread, training by batch size, an explicit setting kept. */
class IntraOpThreadsTest {

    @Test
    void exactSamplingRunsOnOneThreadWhateverItsSize() {
        // 1,000 samples of the 8-component ring: [8, 1000] logits
        IntraOpThreads.Choice small = IntraOpThreads.forExactSampling(1_000, 8, null);
        assertThat(small.threads()).isEqualTo(1);
        assertThat(small.reason()).isEqualTo("exact sampling, largest array 1000 x 8 = 8000 values: memory-bound passes,"
                + " no faster split over threads");
        // the automatic batch of the ring (2^15 rows x 8 components) and of a 16-D mixture
        assertThat(IntraOpThreads.forExactSampling(32_768, 8, null).threads()).isEqualTo(1);
        assertThat(IntraOpThreads.forExactSampling(16_384, 16, null).threads()).isEqualTo(1);
        // an explicit setting chooses more
        assertThat(IntraOpThreads.forExactSampling(32_768, 8, "2").threads()).isEqualTo(2);
    }

    @Test
    void anExplicitThreadCountIsKeptWithItsOrigin() {
        IntraOpThreads.Choice set = IntraOpThreads.forExactSampling(100_000, 8, "1");
        assertThat(set.threads()).isEqualTo(1);
        assertThat(set.reason()).isEqualTo("set by -Dai.djl.pytorch.num_threads=1");
        assertThat(IntraOpThreads.forExactSampling(10, 2, " 3 ").threads()).isEqualTo(3);
        // what DJL cannot read, it ignores; so does the choice
        assertThat(IntraOpThreads.forExactSampling(10, 2, "many").threads()).isEqualTo(1);
    }

    @Test
    void trainingRunsSmallBatchesOnOneThreadAndLargeOnEveryCore() {
        IntraOpThreads.Choice small = IntraOpThreads.forTraining(1024, null, 2);
        assertThat(small.threads()).isEqualTo(1);
        assertThat(small.reason()).isEqualTo("training a network, batch 1024: at most 1024 examples");
        assertThat(IntraOpThreads.forTraining(128, null, 8).threads()).isEqualTo(1);
        IntraOpThreads.Choice large = IntraOpThreads.forTraining(1025, null, 2);
        assertThat(large.threads()).isEqualTo(2);
        assertThat(large.reason()).isEqualTo("training a network, batch 1025: one per core");
        assertThat(IntraOpThreads.forTraining(4096, null, 8).threads()).isEqualTo(8);
        // an explicit setting wins over the batch size
        assertThat(IntraOpThreads.forTraining(128, "2", 2).threads()).isEqualTo(2);
        assertThat(IntraOpThreads.forTraining(4096, "1", 2).reason())
                .isEqualTo("set by -Dai.djl.pytorch.num_threads=1");
    }

    @Test
    void aPinnedCountWinsOverEveryChoiceUntilReleased() {
        try (IntraOpThreads.Pin pin = IntraOpThreads.pin(3, "set by a benchmark")) {
            assertThat(IntraOpThreads.forTraining(4096, "1", 2)).isEqualTo(new IntraOpThreads.Choice(3,
                    "set by a benchmark"));
            assertThat(IntraOpThreads.forTraining(128, null, 2).threads()).isEqualTo(3);
            assertThat(IntraOpThreads.forExactSampling(1_000, 8, null).threads()).isEqualTo(3);
            try (IntraOpThreads.Pin inner = IntraOpThreads.pin(1, "inner")) {
                assertThat(IntraOpThreads.forExactSampling(1_000, 8, "2").reason()).isEqualTo("inner");
            }
            assertThat(IntraOpThreads.forExactSampling(1_000, 8, "2").threads()).isEqualTo(3);
        }
        assertThat(IntraOpThreads.forTraining(4096, null, 2).threads()).isEqualTo(2);
        assertThat(IntraOpThreads.forExactSampling(1_000, 8, "2").reason())
                .isEqualTo("set by -Dai.djl.pytorch.num_threads=2");
        assertThatThrownBy(() -> IntraOpThreads.pin(0, "none")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intra-op threads must be at least 1, not 0");
    }
}
