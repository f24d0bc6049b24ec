package org.difflab.plugins.metrics;

import org.difflab.api.MetricInput;

/** Checks and orders the two point sets a sample-based metric compares. */
final class PointSets {

    private PointSets() {}

    /**
     * The common dimension of samples and reference.
     *
     * @throws IllegalArgumentException if either set is empty or rows differ in length
     */
    static int dims(MetricInput input) {
        double[][] samples = input.samples();
        double[][] reference = input.reference();
        if (samples == null || reference == null || samples.length == 0 || reference.length == 0) {
            throw new IllegalArgumentException("need at least one sample and one reference point");
        }
        int dims = samples[0].length;
        if (dims == 0) {
            throw new IllegalArgumentException("points need at least one coordinate");
        }
        for (double[][] set : new double[][][] {samples, reference}) {
            for (double[] row : set) {
                if (row.length != dims) {
                    throw new IllegalArgumentException("every sample and reference point needs " + dims
                            + " coordinates, found one with " + row.length);
                }
            }
        }
        return dims;
    }

    /**
     * Lexicographic order of two point sets (by size, then coordinates), so a symmetric metric can process
     * its arguments in one canonical order and be exactly, not just mathematically, symmetric.
     */
    static int compare(double[][] a, double[][] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        for (int i = 0; i < a.length; i++) {
            int byRow = java.util.Arrays.compare(a[i], b[i]);
            if (byRow != 0) {
                return byRow;
            }
        }
        return 0;
    }
}
