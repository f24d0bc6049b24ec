package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

class MlpArchitectureTest {

    private static final Shape TWO_D = new Shape(2);

    @Test
    void fitsATinyConditionalRegressionWithinTwoHundredSteps() {
        MlpArchitecture mlp = new MlpArchitecture(new MlpArchitecture.Options(64, 2, NoiseEmbeddingType.SINUSOIDAL,
                16, null, null, Nonlinearity.SILU));
        int n = 128;
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Networks.initialized(() -> mlp.build(TWO_D, 0), 9, m, DataType.FLOAT32, n, TWO_D);
            Networks.Batch random = Networks.Batch.draw(m, new Rng(10), n, TWO_D, DataType.FLOAT32);
            // A smooth target that needs both x and c_noise: (x1 c, x0 + sin(3c)).
            var c = random.cNoise();
            var x = random.x();
            var target = x.get(":, 1").mul(c).stack(x.get(":, 0").add(c.mul(3).sin()), 1);
            Networks.Batch batch = new Networks.Batch(x, c, target);
            Networks.Adam adam = new Networks.Adam(block, 3e-3);
            double initial = Networks.loss(block, m, batch);
            for (int i = 0; i < 200; i++) {
                adam.step(m, batch);
            }
            double fitted = Networks.loss(block, m, batch);
            assertThat(fitted).as("loss %s -> %s", initial, fitted).isLessThan(0.5 * initial);
        }
    }

    @Test
    void theEmbeddingHasNoWeightsSoTrainingCannotMoveItsFrequencies() {
        MlpArchitecture mlp = new MlpArchitecture(new MlpArchitecture.Options(16, 2, NoiseEmbeddingType.FOURIER, 8,
                2.0, 4L, Nonlinearity.GELU));
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Networks.initialized(() -> mlp.build(TWO_D, 0), 1, m, DataType.FLOAT64, 8, TWO_D);
            // Only the dense layers carry weights: 2 hidden + output, a weight and a bias each.
            assertThat(block.getParameters().keys()).hasSize(6).noneMatch(k -> k.contains("embedding"));
            NDArray c = m.create(new double[] {0.3});
            double[] before = embeddingOf(block, m, c);
            Networks.Batch batch = Networks.Batch.draw(m, new Rng(2), 8, TWO_D, DataType.FLOAT64);
            Networks.Adam adam = new Networks.Adam(block, 1e-2);
            adam.step(m, batch);
            adam.step(m, batch);
            assertThat(embeddingOf(block, m, c)).containsExactly(before);
        }
    }

    private static double[] embeddingOf(Block mlp, NDManager m, NDArray c) {
        Block embedding = mlp.getChildren().get("01embedding");
        return embedding.forward(new ParameterStore(m, false), new NDList(c), false).head().toDoubleArray();
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new MlpArchitecture.Options(8, 1, NoiseEmbeddingType.SINUSOIDAL, 7, null, null,
                Nonlinearity.SILU)).isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.key()).isEqualTo("embedding_dim"));
        assertThatThrownBy(() -> new MlpArchitecture.Options(8, 1, NoiseEmbeddingType.SINUSOIDAL, 8, null, 3L,
                Nonlinearity.SILU)).isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.key()).isEqualTo("seed"));
    }

    @Test
    void rejectsInputsOfTheWrongSampleShape() {
        MlpArchitecture mlp = new MlpArchitecture(new MlpArchitecture.Options(8, 1, NoiseEmbeddingType.SINUSOIDAL, 8,
                null, null, Nonlinearity.SILU));
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = mlp.build(TWO_D, 0);
            assertThatThrownBy(() -> block.initialize(manager, DataType.FLOAT32, new Shape(4, 3), new Shape(4)))
                    .hasMessageContaining("c_noise");
        }
    }
}
