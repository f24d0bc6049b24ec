package org.difflab.plugins.datafiles;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.DataSource;
import org.difflab.api.math.Rng;

/**
 * A loaded data set: {@code count} rows of {@code rowSize} stored values (unsigned bytes, floats or doubles,
 * whichever the file held, to keep memory at the file's own size), the affine map value * scale + shift that
 * turns a stored value into a sample value, and optionally a class label per row.
 */
final class SampleTable {

    private final Shape sampleShape;
    private final int count;
    private final int rowSize;
    private final byte[] unsignedBytes;
    private final float[] floats;
    private final double[] doubles;
    private final double scale;
    private final double shift;
    private final RowLabels labels;

    private SampleTable(Shape sampleShape, int count, byte[] unsignedBytes, float[] floats, double[] doubles,
            double scale, double shift, RowLabels labels) {
        this.sampleShape = sampleShape;
        this.count = count;
        this.rowSize = Math.toIntExact(sampleShape.size());
        this.unsignedBytes = unsignedBytes;
        this.floats = floats;
        this.doubles = doubles;
        this.scale = scale;
        this.shift = shift;
        this.labels = labels;
    }

    static SampleTable ofUnsignedBytes(Shape sampleShape, byte[] values, double scale, double shift) {
        return new SampleTable(sampleShape, rows(values.length, sampleShape), values, null, null, scale, shift, null);
    }

    static SampleTable ofFloats(Shape sampleShape, float[] values, double scale, double shift) {
        return new SampleTable(sampleShape, rows(values.length, sampleShape), null, values, null, scale, shift, null);
    }

    static SampleTable ofDoubles(Shape sampleShape, double[] values, double scale, double shift) {
        return new SampleTable(sampleShape, rows(values.length, sampleShape), null, null, values, scale, shift, null);
    }

    private static int rows(int values, Shape sampleShape) {
        long size = sampleShape.size();
        if (size <= 0 || values % size != 0) {
            throw new IllegalStateException(values + " values do not form rows of shape " + sampleShape);
        }
        return (int) (values / size);
    }

    /** This table with a class label per row (already checked to be one per row). */
    SampleTable withLabels(RowLabels rowLabels) {
        return new SampleTable(sampleShape, count, unsignedBytes, floats, doubles, scale, shift, rowLabels);
    }

    /** The rows' labels, or null for unlabelled data. */
    RowLabels labels() {
        return labels;
    }

    Shape sampleShape() {
        return sampleShape;
    }

    int count() {
        return count;
    }

    /** Stored value {@code i} (flat index), before the affine map. */
    double stored(int i) {
        if (unsignedBytes != null) {
            return unsignedBytes[i] & 0xff;
        }
        return floats != null ? floats[i] : doubles[i];
    }

    /** Sample value {@code i} (flat index): stored * scale + shift. */
    double value(int i) {
        return stored(i) * scale + shift;
    }

    /**
     * {@code n} rows drawn uniformly with replacement: draw k is row {@code rng.nextInt(count)}, the k-th call.
     * Float64, shape [n, ...sampleShape].
     */
    NDArray draw(NDManager manager, int n, Rng rng) {
        return draw(manager, n, rng, null);
    }

    /**
     * As {@link #draw(NDManager, int, Rng)}, with each draw's label (the label of the row drawn); null labels for
     * an unlabelled table.
     */
    DataSource.Labelled drawLabelled(NDManager manager, int n, Rng rng) {
        if (labels == null) {
            return new DataSource.Labelled(draw(manager, n, rng), null);
        }
        int[] rows = new int[Math.max(n, 0)];
        NDArray x0 = draw(manager, n, rng, rows);
        int[] drawnLabels = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            drawnLabels[k] = labels.label(rows[k]);
        }
        return new DataSource.Labelled(x0, drawnLabels);
    }

    /** The draws; the row of draw k goes to {@code drawnRows[k]} if that array is given. */
    private NDArray draw(NDManager manager, int n, Rng rng, int[] drawnRows) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw a negative number of samples: " + n);
        }
        double[] out = new double[Math.multiplyExact(n, rowSize)];
        for (int k = 0; k < n; k++) {
            int row = rng.nextInt(count);
            if (drawnRows != null) {
                drawnRows[k] = row;
            }
            int from = row * rowSize;
            int to = k * rowSize;
            for (int j = 0; j < rowSize; j++) {
                out[to + j] = value(from + j);
            }
        }
        return manager.create(out, new Shape(n).addAll(sampleShape));
    }
}
