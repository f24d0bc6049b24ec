package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The intra-op thread choice: one thread below PyTorch's grain size, one per core above, an explicit setting kept. */
class IntraOpThreadsTest {

    @Test
    void smallExactSamplingRunsOnOneThreadAndLargerOnEveryCore() {
        // 1,000 samples of the 8-component ring: [8, 1000] logits, a quarter of the grain size
        IntraOpThreads.Choice small = IntraOpThreads.forExactSampling(1_000, 8, null, 2, 0.5);
        assertThat(small.threads()).isEqualTo(1);
        assertThat(small.reason()).contains("1000 x 8 = 8000 values").contains("below PyTorch's grain size 32768");
        // the last size below and the first at the grain size
        assertThat(IntraOpThreads.forExactSampling(4_095, 8, null, 2, 0.5).threads()).isEqualTo(1);
        assertThat(IntraOpThreads.forExactSampling(4_096, 8, null, 2, 0.5).threads()).isEqualTo(2);
        // batches of 10,000 on the ring, and a 16-D mixture of 4,000 samples
        assertThat(IntraOpThreads.forExactSampling(10_000, 8, null, 2, 0.5).threads()).isEqualTo(2);
        assertThat(IntraOpThreads.forExactSampling(4_000, 16, null, 8, 0.5).threads()).isEqualTo(8);
    }

    @Test
    void exactSamplingOnABusyMachineRunsOnOneThread() {
        // at least one runnable process per core on average: the second thread would wait to be scheduled
        IntraOpThreads.Choice busy = IntraOpThreads.forExactSampling(100_000, 8, null, 2, 2.0);
        assertThat(busy.threads()).isEqualTo(1);
        assertThat(busy.reason()).contains("the machine is busy (load average 2.0 on 2 cores)");
        assertThat(IntraOpThreads.forExactSampling(100_000, 8, null, 2, 1.9).threads()).isEqualTo(2);
        // unknown load (negative): by size alone
        assertThat(IntraOpThreads.forExactSampling(100_000, 8, null, 2, -1).threads()).isEqualTo(2);
        // an explicit setting wins over the load
        assertThat(IntraOpThreads.forExactSampling(100_000, 8, "2", 2, 9.0).threads()).isEqualTo(2);
    }

    @Test
    void anExplicitThreadCountIsKeptWithItsOrigin() {
        IntraOpThreads.Choice set = IntraOpThreads.forExactSampling(100_000, 8, "1", 2, 0.5);
        assertThat(set.threads()).isEqualTo(1);
        assertThat(set.reason()).isEqualTo("set by -Dai.djl.pytorch.num_threads=1");
        assertThat(IntraOpThreads.forExactSampling(10, 2, " 3 ", 2, 0.5).threads()).isEqualTo(3);
        // what DJL cannot read, it ignores; so does the choice
        assertThat(IntraOpThreads.forExactSampling(10, 2, "many", 2, 0.5).threads()).isEqualTo(1);
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
}
