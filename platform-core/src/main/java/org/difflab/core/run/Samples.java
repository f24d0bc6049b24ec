package org.difflab.core.run;

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
}
