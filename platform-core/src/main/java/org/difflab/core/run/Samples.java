package org.difflab.core.run;

import java.util.Arrays;

/**
 * Generated samples on the host, flattened row-major.
 *
 * @param values all samples, count * dims values
 * @param shape [count, sample shape...]
 * @param nfe denoiser evaluations per batch, as counted by the integration loop (the largest over batches)
 */
public record Samples(double[] values, long[] shape, int nfe) {

    /** Number of samples. */
    public int count() {
        return (int) shape[0];
    }

    /** Values per sample. */
    public int dims() {
        return values.length / count();
    }

    /** The samples as [count][dims] rows. */
    public double[][] rows() {
        return rows(values, count());
    }

    /** Splits flat values into {@code count} rows. */
    public static double[][] rows(double[] values, int count) {
        int dims = values.length / count;
        double[][] out = new double[count][];
        for (int i = 0; i < count; i++) {
            out[i] = Arrays.copyOfRange(values, i * dims, (i + 1) * dims);
        }
        return out;
    }
}
