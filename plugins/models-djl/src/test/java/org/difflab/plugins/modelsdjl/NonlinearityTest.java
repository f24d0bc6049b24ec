package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class NonlinearityTest {

    /** Points from deep saturation on both sides through zero. */
    private static final double[] X = {-30, -8, -2.5, -1, -0.3, 0, 1e-3, 0.7, 1.5, 4, 12, 40};

    /**
     * SiLU through PyTorch's fused kernel equals x / (1 + e^-x) computed here in double, and autograd gives its
     * derivative s (1 + x (1 - s)), s = sigmoid(x). In float64 both agree to a few ulps (1e-14 relative).
     */
    @Test
    void siluAndItsGradientMatchTheClosedForm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X).toType(DataType.FLOAT64, false);
            x.setRequiresGradient(true);
            double[] value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = Nonlinearity.SILU.apply(x);
                value = y.toDoubleArray();
                collector.backward(y.sum());
            }
            double[] gradient = x.getGradient().toDoubleArray();
            for (int i = 0; i < X.length; i++) {
                double s = 1 / (1 + Math.exp(-X[i]));
                assertThat(value[i]).as("silu(%s)", X[i]).isCloseTo(X[i] * s, within(1e-14 * (1 + Math.abs(X[i]))));
                assertThat(gradient[i]).as("silu'(%s)", X[i])
                        .isCloseTo(s * (1 + X[i] * (1 - s)), within(1e-14 * (1 + Math.abs(X[i]))));
            }
        }
    }

    /** In float32 (training's type) the fused kernel agrees with the two-op formula to float rounding. */
    @Test
    void fusedSiluAgreesWithTheCompositeFormulaInFloat32() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(0, 3, new ai.djl.ndarray.types.Shape(1000), DataType.FLOAT32);
            float[] fused = Nonlinearity.SILU.apply(x).toFloatArray();
            float[] composite = x.mul(x.getNDArrayInternal().sigmoid()).toFloatArray();
            float[] input = x.toFloatArray();
            for (int i = 0; i < fused.length; i++) {
                // a few float32 ulps of the result (2^-23 relative each) plus one of the input's size
                assertThat(fused[i]).isCloseTo(composite[i], within(4e-7f * (1 + Math.abs(input[i]))));
            }
        }
    }
}
