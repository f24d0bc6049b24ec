package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

/** The exact model's default batch shrinks as the dimension or the number of components grows. */
class SamplingBatchTest {

    @Test
    void theWidestWorkingArrayStaysNearItsBudget() {
        // the ring: [8, B] responsibilities are the widest array
        assertThat(SamplingBatch.valuesPerRow(mixture(2, 8))).isEqualTo(8);
        assertThat(SamplingBatch.exactRows(1_000_000, 8)).isEqualTo(32_768);
        // 1024-D: the [B, 1024] states; 256 components in 3-D: the [256, B] responsibilities
        assertThat(SamplingBatch.valuesPerRow(mixture(1024, 8))).isEqualTo(1024);
        assertThat(SamplingBatch.exactRows(100_000, 1024)).isEqualTo(256);
        assertThat(SamplingBatch.valuesPerRow(mixture(3, 256))).isEqualTo(256);
        assertThat(SamplingBatch.exactRows(100_000, 256)).isEqualTo(1024);
        // never more than the count, never less than one sample
        assertThat(SamplingBatch.exactRows(500, 8)).isEqualTo(500);
        assertThat(SamplingBatch.exactRows(10, 1 << 20)).isEqualTo(1);
    }

    private static DataSource mixture(int dims, int components) {
        double[][] means = new double[components][dims];
        double[] stds = new double[components];
        double[] weights = new double[components];
        java.util.Arrays.fill(stds, 1.0);
        java.util.Arrays.fill(weights, 1.0);
        GaussianMixture closedForm = new GaussianMixture(means, stds, weights);
        return new DataSource() {
            @Override
            public Shape sampleShape() {
                return new Shape(dims);
            }

            @Override
            public NDArray sample(NDManager manager, int n, Rng rng) {
                throw new UnsupportedOperationException("not drawn here");
            }

            @Override
            public Optional<ClosedFormData> closedForm() {
                return Optional.of(closedForm);
            }
        };
    }
}
