package org.difflab.plugins.datatoy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Packs Java-side draws into the float64 NDArray a {@link org.difflab.api.DataSource} returns. */
final class Rows {

    private Rows() {}

    /** {@code rows} ([n][dims]) as a float64 array of shape [n, dims], also for n = 0. */
    static NDArray toArray(NDManager manager, double[][] rows, int dims) {
        double[] flat = new double[rows.length * dims];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * dims, dims);
        }
        return manager.create(flat, new Shape(rows.length, dims));
    }

    /** Rejects a negative draw count with the count in the message. */
    static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw a negative number of samples: " + n);
        }
    }
}
