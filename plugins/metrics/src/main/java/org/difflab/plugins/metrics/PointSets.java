package org.difflab.plugins.metrics;

import org.difflab.api.MetricInput;
import org.difflab.api.math.Rng;

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

    /**
     * Rows to keep from a set of {@code n}: null for all of them, or {@code max} drawn without replacement with
     * {@code rng} (a partial Fisher-Yates shuffle), when {@code n > max}.
     */
    static int[] subsample(int n, int max, Rng rng) {
        if (n <= max) {
            return null;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < max; i++) {
            int pick = i + rng.nextInt(n - i);
            int swap = order[i];
            order[i] = order[pick];
            order[pick] = swap;
        }
        return java.util.Arrays.copyOf(order, max);
    }

    /** The rows {@code keep} of {@code rows} (all of them when {@code keep} is null). */
    static double[][] select(double[][] rows, int[] keep) {
        if (keep == null) {
            return rows;
        }
        double[][] out = new double[keep.length][];
        for (int i = 0; i < keep.length; i++) {
            out[i] = rows[keep[i]];
        }
        return out;
    }

    /**
     * The two sets in canonical order, each reduced to at most {@code max} rows; equal sizes share one index set,
     * so identical inputs stay identical, and swapping the inputs changes nothing, not even the subsample.
     */
    static double[][][] canonicalSubsample(double[][] a, double[][] b, int max, Rng rng) {
        if (compare(a, b) > 0) {
            double[][] swap = a;
            a = b;
            b = swap;
        }
        int[] aRows = subsample(a.length, max, rng);
        int[] bRows = b.length == a.length ? aRows : subsample(b.length, max, rng);
        return new double[][][] {select(a, aRows), select(b, bRows)};
    }
}
