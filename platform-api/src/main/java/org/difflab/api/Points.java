package org.difflab.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.difflab.api.math.Rng;

/**
 * A set of points in float64, stored flat and row-major: point i's coordinates are
 * {@code values[i * dims] .. values[i * dims + dims - 1]}. This is what metrics receive ({@link MetricInput}): one
 * array instead of an array per point, which for 2-D data is 2.5 times smaller (each small {@code double[]} carries
 * its own object header and reference) and what the sampler and the data sources produce anyway, so a run hands its
 * samples to the metrics without copying them.
 *
 * <p>The array is shared, not copied: {@link #values()} is the live storage; metrics must not modify it.
 */
public final class Points {

    private final double[] values;
    private final int count;
    private final int dims;

    /**
     * @param values count * dims values, row-major
     * @param count number of points
     * @param dims coordinates per point
     */
    public Points(double[] values, int count, int dims) {
        if (count < 0 || dims < 0 || values == null || (long) count * dims != values.length) {
            throw new IllegalArgumentException("points need count * dims values (count " + count + ", dims " + dims
                    + "), got " + (values == null ? "none" : values.length));
        }
        this.values = values;
        this.count = count;
        this.dims = dims;
    }

    /** The points whose flat row-major values are {@code values}, {@code dims} to a point. */
    public static Points of(double[] values, int dims) {
        if (dims <= 0 || values.length % dims != 0) {
            throw new IllegalArgumentException(values.length + " values are not whole points of " + dims
                    + " coordinates");
        }
        return new Points(values, values.length / dims, dims);
    }

    /** A copy of {@code rows} ([n][dims], every row of the same length). */
    public static Points of(double[][] rows) {
        int dims = rows.length == 0 ? 0 : rows[0].length;
        double[] values = new double[Math.multiplyExact(rows.length, dims)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != dims) {
                throw new IllegalArgumentException("every point needs " + dims + " coordinates, point " + i
                        + " has " + rows[i].length);
            }
            System.arraycopy(rows[i], 0, values, i * dims, dims);
        }
        return new Points(values, rows.length, dims);
    }

    /** The examples of a batch [n, ...] as n points of their flattened values, in float64. */
    public static Points of(NDArray batch) {
        int n = Math.toIntExact(batch.getShape().get(0));
        double[] flat = batch.getDataType() == DataType.FLOAT64 ? batch.toDoubleArray()
                : batch.toType(DataType.FLOAT64, false).toDoubleArray();
        return new Points(flat, n, n == 0 ? Math.toIntExact(batch.getShape().size(1)) : flat.length / n);
    }

    /** The flat row-major values (shared storage: read, do not modify). */
    public double[] values() {
        return values;
    }

    /** Number of points. */
    public int count() {
        return count;
    }

    /** Coordinates per point. */
    public int dims() {
        return dims;
    }

    /** Whether there are no points. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Coordinate {@code j} of point {@code i}. */
    public double get(int i, int j) {
        return values[i * dims + j];
    }

    /** Where point {@code i} starts in {@link #values()}. */
    public int offset(int i) {
        return i * dims;
    }

    /** A copy of point {@code i}'s coordinates. */
    public double[] row(int i) {
        return Arrays.copyOfRange(values, i * dims, (i + 1) * dims);
    }

    /** The points as [count][dims] rows (a copy; for small sets and APIs that take rows). */
    public double[][] toRows() {
        double[][] rows = new double[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = row(i);
        }
        return rows;
    }

    /** The points {@code rows}, in that order (a copy). */
    public Points select(int[] rows) {
        double[] out = new double[Math.multiplyExact(rows.length, dims)];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * dims, out, i * dims, dims);
        }
        return new Points(out, rows.length, dims);
    }

    /** The points {@code from} (inclusive) to {@code to} (exclusive), sharing no storage with these. */
    public Points slice(int from, int to) {
        return new Points(Arrays.copyOfRange(values, from * dims, to * dims), to - from, dims);
    }

    /**
     * At most {@code max} of these points: all of them (this same object) when there are no more, else {@code max}
     * drawn without replacement with {@code rng} ({@link #subsampleRows}).
     */
    public Points subsample(int max, Rng rng) {
        int[] keep = subsampleRows(count, max, rng);
        return keep == null ? this : select(keep);
    }

    /**
     * Which rows to keep of {@code n}: null for all of them when {@code n <= max}, else {@code max} drawn without
     * replacement with {@code rng} (a partial Fisher-Yates shuffle; the first {@code max} positions, in draw order).
     * Two sets of the same size subsampled with one result keep corresponding points.
     *
     * <p>Memory O(max), not O(n): the shuffled array is the identity except where a swap wrote, so its first
     * {@code max} positions are held densely and the few positions beyond that a swap reached in a map.
     */
    public static int[] subsampleRows(int n, int max, Rng rng) {
        if (n <= max) {
            return null;
        }
        int[] head = new int[max];
        for (int i = 0; i < max; i++) {
            head[i] = i;
        }
        java.util.Map<Integer, Integer> beyond = new java.util.HashMap<>();
        for (int i = 0; i < max; i++) {
            int pick = i + rng.nextInt(n - i);
            int picked = pick < max ? head[pick] : beyond.getOrDefault(pick, pick);
            int swap = head[i];
            head[i] = picked;
            if (pick < max) {
                head[pick] = swap;
            } else {
                beyond.put(pick, swap);
            }
        }
        return head;
    }

    /** {@link #subsample} with the rows of {@link #subsampleRows} given ({@code null}: all, this same object). */
    public Points keep(int[] rows) {
        return rows == null ? this : select(rows);
    }

    /**
     * Lexicographic order of two point sets: by count, then dims, then the values in order. Equal (0) exactly when
     * they hold the same points in the same order.
     */
    public static int compare(Points a, Points b) {
        if (a.count != b.count) {
            return Integer.compare(a.count, b.count);
        }
        if (a.dims != b.dims) {
            return Integer.compare(a.dims, b.dims);
        }
        return Arrays.compare(a.values, b.values);
    }

    @Override
    public String toString() {
        return count + " points of " + dims + " coordinates";
    }
}
