package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.difflab.api.model.BlockNetwork;
import org.difflab.api.model.Condition;
import org.junit.jupiter.api.Test;

/** Class-conditional networks: the label changes the output, "no label" is its own class, and it learns. */
class LabelEmbeddingTest {

    @Test
    void theLabelChangesTheOutputAndOnlyTheUsedRowsReceiveGradient() {
        MlpArchitecture mlp = new MlpArchitecture(new MlpArchitecture.Options(16, 2,
                NoiseEmbeddingType.SINUSOIDAL, 8, null, null, Nonlinearity.SILU));
        Shape shape = new Shape(2);
        try (BlockNetwork network = BlockNetwork.initialize(mlp.build(shape, 3), shape, 3, 1, 4);
                NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(4, 2), DataType.FLOAT32);
            NDArray noise = manager.zeros(new Shape(4), DataType.FLOAT32);
            float[] a = network.forward(x, noise, Condition.labels(0, 0, 0, 0), false).toFloatArray();
            float[] b = network.forward(x, noise, Condition.labels(2, 2, 2, 2), false).toFloatArray();
            float[] none = network.forward(x, noise, Condition.NONE, false).toFloatArray();
            float[] dropped = network.forward(x, noise, Condition.labels(-1, -1, -1, -1), false).toFloatArray();
            assertThat(a).isNotEqualTo(b);
            assertThat(none).isNotEqualTo(a).isNotEqualTo(b);
            assertThat(dropped).as("a dropped label is the null class, as an unconditioned batch").isEqualTo(none);

            NDArray table = network.parameters().entrySet().stream().filter(e -> e.getKey().contains("labels"))
                    .findFirst().orElseThrow(() -> new AssertionError(network.parameters().keySet())).getValue();
            table.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(network.forward(x, noise, Condition.labels(1, 1, -1, -1), true).sum());
            }
            float[][] gradient = new float[4][];
            NDArray g = table.getGradient();
            for (int row = 0; row < 4; row++) {
                gradient[row] = g.get(row).toFloatArray();
            }
            // rows 1 (label 1) and 3 (the null class) were used; rows 0 and 2 were not
            assertThat(gradient[0]).containsOnly(0f);
            assertThat(gradient[2]).containsOnly(0f);
            assertThat(gradient[1]).isNotEqualTo(new float[gradient[1].length]);
            assertThat(gradient[3]).isNotEqualTo(new float[gradient[3].length]);
        }
    }
}
