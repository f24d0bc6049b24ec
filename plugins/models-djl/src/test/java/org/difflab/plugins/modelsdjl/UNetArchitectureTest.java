package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

class UNetArchitectureTest {

    private static final Shape MNIST = new Shape(1, 28, 28);

    private static UNetArchitecture.Options defaults() {
        return new UNetArchitecture.Options(32, new int[] {1, 2}, 1, 8, false, 0.0, 1.0, Nonlinearity.SILU);
    }

    @Test
    void defaultNetworkMaps28x28ImagesToTheirShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNetArchitecture unet = new UNetArchitecture(defaults());
            Block block = Networks.initialized(() -> unet.build(MNIST, 0), 1, manager, DataType.FLOAT32, 2, MNIST);
            Networks.Batch batch = Networks.Batch.draw(manager, new Rng(1), 2, MNIST, DataType.FLOAT32);
            NDArray out = Networks.forward(block, manager, batch.x(), batch.cNoise());
            assertThat(out.getShape()).isEqualTo(new Shape(2, 1, 28, 28));
        }
    }

    @Test
    void upsamplingRepeatsEachPixelInATwoByTwoPatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(12.0f).reshape(1, 3, 2, 2);
            float[] up = Upsample.nearestDouble(x).toFloatArray();
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        assertThat(up[c * 16 + i * 4 + j]).isEqualTo(c * 4 + (i / 2) * 2 + j / 2);
                    }
                }
            }
        }
    }

    @Test
    void dropoutActsInTrainingOnly() {
        UNetArchitecture unet = new UNetArchitecture(new UNetArchitecture.Options(8, new int[] {1}, 1, 4, false, 0.5,
                1.0, Nonlinearity.SILU));
        Shape shape = new Shape(1, 4, 4);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Networks.initialized(() -> unet.build(shape, 0), 1, manager, DataType.FLOAT32, 2, shape);
            Networks.Batch batch = Networks.Batch.draw(manager, new Rng(1), 2, shape, DataType.FLOAT32);
            float[] first = Networks.forward(block, manager, batch.x(), batch.cNoise()).toFloatArray();
            float[] second = Networks.forward(block, manager, batch.x(), batch.cNoise()).toFloatArray();
            assertThat(second).containsExactly(first);
            var store = new ai.djl.training.ParameterStore(manager, false);
            var input = new ai.djl.ndarray.NDList(batch.x(), batch.cNoise());
            float[] trainingA = block.forward(store, input, true).head().toFloatArray();
            float[] trainingB = block.forward(store, input, true).head().toFloatArray();
            assertThat(trainingA).isNotEqualTo(trainingB);
        }
    }

    @Test
    void optionsAndShapesAreValidated() {
        assertThatThrownBy(() -> new UNetArchitecture.Options(30, new int[] {1, 2}, 1, 8, false, 0, 1, Nonlinearity.SILU))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("groups"));
        assertThatThrownBy(() -> new UNetArchitecture.Options(8, new int[0], 1, 4, false, 0, 1, Nonlinearity.SILU))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.key()).isEqualTo("channel_mult"));
        UNetArchitecture deep = new UNetArchitecture(new UNetArchitecture.Options(8, new int[] {1, 2, 2, 2}, 1, 4,
                false, 0, 1, Nonlinearity.SILU));
        assertThatThrownBy(() -> deep.build(MNIST, 0)).hasMessageContaining("28x28 must be divisible by 8");
        assertThatThrownBy(() -> deep.build(new Shape(2), 0)).hasMessageContaining("[C, H, W]");
    }
}
