package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

class NoiseEmbeddingTest {

    private static final double[] C_NOISE = {-1.3, 0.0, 0.5, 2.75, 999.0};

    private static double[][] embed(NoiseEmbedding embedding, DataType type) {
        try (NDManager manager = NDManager.newBaseManager()) {
            embedding.initialize(manager, type, new Shape(C_NOISE.length));
            NDArray c = manager.create(C_NOISE).toType(type, false);
            NDArray out = embedding.forward(new ParameterStore(manager, false), new NDList(c), false).head();
            assertThat(out.getShape()).isEqualTo(new Shape(C_NOISE.length, embedding.dim()));
            assertThat(out.getDataType()).isEqualTo(type);
            double[] flat = out.toType(DataType.FLOAT64, false).toDoubleArray();
            double[][] rows = new double[C_NOISE.length][embedding.dim()];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(flat, i * embedding.dim(), rows[i], 0, embedding.dim());
            }
            return rows;
        }
    }

    /** Row i must be [sin(c_i w_k)]_k followed by [cos(c_i w_k)]_k. */
    private static void assertSinesThenCosines(double[][] rows, double[] w, double tolerance) {
        int half = w.length;
        for (int i = 0; i < C_NOISE.length; i++) {
            for (int k = 0; k < half; k++) {
                double angle = C_NOISE[i] * w[k];
                assertThat(rows[i][k]).as("sin row %d k %d", i, k).isCloseTo(Math.sin(angle), within(tolerance));
                assertThat(rows[i][half + k]).as("cos row %d k %d", i, k).isCloseTo(Math.cos(angle), within(tolerance));
            }
        }
    }

    @Test
    void sinusoidalIsTheTransformerEmbeddingWithScaledFrequencies() {
        double scale = 2.0;
        int half = 4;
        double[] w = new double[half];
        for (int k = 0; k < half; k++) {
            w[k] = scale * Math.pow(10000.0, -(double) k / half);   // Vaswani et al. (2017), sec. 3.5
        }
        // float64: the cosine is sin(angle + pi/2); rounding angle + pi/2 near |angle| = 2000 costs ~2e-13.
        assertSinesThenCosines(embed(NoiseEmbedding.sinusoidal(2 * half, scale), DataType.FLOAT64), w, 1e-11);
    }

    @Test
    void fourierFrequenciesAreTwoPiTimesScaledGaussiansFromTheSeededRng() {
        double scale = 0.3;
        int half = 3;
        Rng rng = new Rng(5);
        double[] w = new double[half];
        for (int k = 0; k < half; k++) {
            w[k] = 2 * Math.PI * scale * rng.nextGaussian();   // Song et al. (2021): sin(2 pi W x), W ~ N(0, s^2)
        }
        assertSinesThenCosines(embed(NoiseEmbedding.fourier(2 * half, scale, new Rng(5)), DataType.FLOAT64), w,
                1e-11);
        // A different seed draws different frequencies.
        double[][] other = embed(NoiseEmbedding.fourier(2 * half, scale, new Rng(6)), DataType.FLOAT64);
        assertThat(other[0][0]).isNotCloseTo(Math.sin(C_NOISE[0] * w[0]), within(1e-6));
    }

    @Test
    void float32EmbeddingAgreesToSinglePrecision() {
        double[][] single = embed(NoiseEmbedding.sinusoidal(8, 1.0), DataType.FLOAT32);
        double[][] exact = embed(NoiseEmbedding.sinusoidal(8, 1.0), DataType.FLOAT64);
        for (int i = 0; i < single.length; i++) {
            for (int k = 0; k < 8; k++) {
                // A float32 angle near 999 carries an absolute error ~ulp(999)/2 = 3e-5; sin is 1-Lipschitz.
                assertThat(single[i][k]).isCloseTo(exact[i][k], within(1e-4));
            }
        }
    }

    @Test
    void widthMustBeEven() {
        assertThatThrownBy(() -> NoiseEmbedding.sinusoidal(7, 1.0)).hasMessageContaining("even");
    }
}
