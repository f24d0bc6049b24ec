package org.difflab.plugins.datatoy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.difflab.api.DataSource;
import org.difflab.api.math.Rng;

/** Test helpers: draws as Java arrays, and simple sample statistics. */
final class Draws {

    private Draws() {}

    /** {@code n} draws of {@code source} as [n][dims], checking the array's type and shape on the way. */
    static double[][] rows(DataSource source, int n, Rng rng) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = source.sample(manager, n, rng);
            int dims = Math.toIntExact(source.sampleShape().size());
            if (array.getDataType() != DataType.FLOAT64 || array.getShape().dimension() != 2
                    || array.getShape().get(0) != n || array.getShape().get(1) != dims) {
                throw new AssertionError("expected float64 [" + n + ", " + dims + "], got " + array.getDataType() + " "
                        + array.getShape());
            }
            return split(array.toDoubleArray(), n, dims);
        }
    }

    static double[][] split(double[] flat, int n, int dims) {
        double[][] out = new double[n][dims];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * dims, out[i], 0, dims);
        }
        return out;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double variance(double[] values) {
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return sum / (values.length - 1);
    }

    /** Standard error of the sample mean of {@code values}. */
    static double standardError(double[] values) {
        return Math.sqrt(variance(values) / values.length);
    }

    static double[] column(double[][] rows, int j) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][j];
        }
        return out;
    }
}
