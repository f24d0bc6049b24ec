package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.math.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ModelArchitecture contract for every network of this plugin, in small configurations. */
class ArchitectureContractTest {

    record Case(String name, ModelArchitecture architecture, Shape sampleShape) {
        Supplier<Block> builder() {
            return () -> architecture.build(sampleShape, 0);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("mlp sinusoidal 2-D", mlp(NoiseEmbeddingType.SINUSOIDAL, null), new Shape(2)),
                new Case("mlp fourier 3-D", mlp(NoiseEmbeddingType.FOURIER, 3L), new Shape(3)),
                new Case("mlp on images (flattened)", mlp(NoiseEmbeddingType.SINUSOIDAL, null), new Shape(1, 4, 4)),
                new Case("unet", smallUnet(false), new Shape(1, 8, 8)),
                new Case("unet with attention, 3 levels, RGB", new UNetArchitecture(new UNetArchitecture.Options(
                        8, new int[] {1, 2, 2}, 1, 4, true, 0.0, 1.0, Nonlinearity.SILU)), new Shape(3, 8, 8)))
                .map(Arguments::of);
    }

    static MlpArchitecture mlp(NoiseEmbeddingType embedding, Long seed) {
        return new MlpArchitecture(new MlpArchitecture.Options(32, 2, embedding, 16, null, seed, Nonlinearity.SILU));
    }

    static UNetArchitecture smallUnet(boolean attention) {
        return new UNetArchitecture(new UNetArchitecture.Options(8, new int[] {1, 2}, 1, 4, attention, 0.0, 1.0,
                Nonlinearity.SILU));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputShapeAndTypeEqualInput(Case c) {
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            for (int batch : new int[] {1, 3, 8}) {
                try (NDManager manager = NDManager.newBaseManager()) {
                    Block block = Networks.initialized(c.builder(), 1, manager, type, batch, c.sampleShape());
                    Networks.Batch b = Networks.Batch.draw(manager, new Rng(2), batch, c.sampleShape(), type);
                    NDArray out = Networks.forward(block, manager, b.x(), b.cNoise());
                    assertThat(out.getShape()).isEqualTo(b.x().getShape());
                    assertThat(out.getDataType()).isEqualTo(type);
                    assertThat(java.util.Arrays.stream(out.toType(DataType.FLOAT64, false).toDoubleArray()).allMatch(Double::isFinite)).isTrue();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneAdamStepLowersTheLossOnAFixedBatch(Case c) {
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Block block = Networks.initialized(c.builder(), 3, manager, type, 4, c.sampleShape());
                Networks.Batch batch = Networks.Batch.draw(manager, new Rng(4), 4, c.sampleShape(), type);
                double before = Networks.loss(block, manager, batch);
                new Networks.Adam(block, 1e-3).step(manager, batch);
                double after = Networks.loss(block, manager, batch);
                // Adam's first step moves every weight by ~lr against its gradient's sign: a descent step for a
                // smooth loss at lr 1e-3, so the loss on the same batch must drop (strictly).
                assertThat(after).as(type + " loss before %s after %s", before, after).isLessThan(before);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void savedParametersLoadIntoAFreshBlockWithIdenticalOutputs(Case c) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Networks.initialized(c.builder(), 5, manager, DataType.FLOAT32, 4, c.sampleShape());
            Networks.Batch batch = Networks.Batch.draw(manager, new Rng(6), 4, c.sampleShape(), DataType.FLOAT32);
            Networks.Adam adam = new Networks.Adam(block, 1e-2);
            adam.step(manager, batch);   // move away from the initial weights
            adam.step(manager, batch);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bytes));
            NDArray expected = Networks.forward(block, manager, batch.x(), batch.cNoise());
            try (NDManager other = NDManager.newBaseManager()) {
                Block fresh = c.builder().get();
                fresh.loadParameters(other, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                NDArray loaded = Networks.forward(fresh, other, batch.x(), batch.cNoise());
                // Same weights, same ops, same thread count: bit-identical.
                assertThat(loaded.toFloatArray()).containsExactly(expected.toFloatArray());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSameSeedGivesBitIdenticalInitialOutputs(Case c) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Networks.Batch batch = Networks.Batch.draw(manager, new Rng(8), 3, c.sampleShape(), DataType.FLOAT64);
            double[][] outputs = new double[3][];
            long[] seeds = {21, 21, 22};
            for (int i = 0; i < 3; i++) {
                Block block = Networks.initialized(c.builder(), seeds[i], manager, DataType.FLOAT64, 3, c.sampleShape());
                outputs[i] = Networks.forward(block, manager, batch.x(), batch.cNoise()).toDoubleArray();
            }
            assertThat(outputs[1]).containsExactly(outputs[0]);
            assertThat(outputs[2]).isNotEqualTo(outputs[0]);
        }
    }
}
