package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

class GroupNormTest {

    private static final int B = 3;
    private static final int C = 6;
    private static final int H = 4;
    private static final int W = 5;
    private static final int G = 3;

    /** Wu and He (2018), eq. 1-3, computed directly: per (sample, group) mean and biased variance. */
    private static double[] reference(double[] x, double[] gamma, double[] beta, double eps) {
        double[] y = new double[x.length];
        int perChannel = H * W;
        int channelsPerGroup = C / G;
        for (int b = 0; b < B; b++) {
            for (int g = 0; g < G; g++) {
                int from = (b * C + g * channelsPerGroup) * perChannel;
                int count = channelsPerGroup * perChannel;
                double mean = 0;
                for (int i = 0; i < count; i++) {
                    mean += x[from + i];
                }
                mean /= count;
                double var = 0;
                for (int i = 0; i < count; i++) {
                    var += (x[from + i] - mean) * (x[from + i] - mean);
                }
                var /= count;
                for (int i = 0; i < count; i++) {
                    int channel = g * channelsPerGroup + i / perChannel;
                    y[from + i] = gamma[channel] * (x[from + i] - mean) / Math.sqrt(var + eps) + beta[channel];
                }
            }
        }
        return y;
    }

    private static double[] run(DataType type, double[] x, double[] gamma, double[] beta) {
        try (NDManager manager = NDManager.newBaseManager()) {
            GroupNorm norm = new GroupNorm(G);
            Shape shape = new Shape(B, C, H, W);
            norm.initialize(manager, type, shape);
            setValues(norm.getParameters().get("gamma").getArray(), gamma);
            setValues(norm.getParameters().get("beta").getArray(), beta);
            NDArray input = manager.create(x, shape).toType(type, false);
            NDArray out = norm.forward(new ParameterStore(manager, false), new NDList(input), false).head();
            assertThat(out.getShape()).isEqualTo(shape);
            return out.toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    private static void setValues(NDArray array, double[] values) {
        if (array.getDataType() == DataType.FLOAT64) {
            array.set(values);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            array.set(f);
        }
    }

    @Test
    void matchesTheDefinitionWithPerChannelScaleAndShift() {
        Rng rng = new Rng(3);
        double[] x = new double[B * C * H * W];
        for (int i = 0; i < x.length; i++) {
            // Offset and spread differ per channel so that grouping (not whole-sample or per-channel) matters.
            int channel = (i / (H * W)) % C;
            x[i] = 3.0 * channel + (1 + channel) * rng.nextGaussian();
        }
        double[] gamma = {0.5, -1.0, 2.0, 1.5, 0.25, 3.0};
        double[] beta = {0.1, -0.2, 0.3, 0.0, 1.0, -2.0};
        double eps = GroupNorm.EPSILON;   // the float constant the block passes, widened exactly
        double[] expected = reference(x, gamma, beta, eps);

        double[] got64 = run(DataType.FLOAT64, x, gamma, beta);
        for (int i = 0; i < x.length; i++) {
            // float64 end to end; values are O(10), so a few ulps of accumulated round-off is ~1e-14.
            assertThat(got64[i]).isCloseTo(expected[i], within(1e-11));
        }
        double[] got32 = run(DataType.FLOAT32, x, gamma, beta);
        for (int i = 0; i < x.length; i++) {
            // float32 inputs (x up to ~25) lose ~1e-6 relative; normalised outputs are O(1)*|gamma| <= 3*4.
            assertThat(got32[i]).isCloseTo(expected[i], within(1e-4));
        }
    }

    @Test
    void groupsMustDivideChannels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            GroupNorm norm = new GroupNorm(4);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> norm.initialize(manager, DataType.FLOAT32, new Shape(1, 6, 2, 2)))
                    .hasMessageContaining("6 channels do not split into 4 groups");
        }
    }
}
