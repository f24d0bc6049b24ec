package org.difflab.plugins.datafiles;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.math.Rng;

/**
 * A loaded data set: {@code count} rows of {@code rowSize} stored values (unsigned bytes, floats or doubles,
 * whichever the file held, to keep memory at the file's own size) and the affine map value * scale + shift that
 * turns a stored value into a sample value.
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

    private SampleTable(Shape sampleShape, int count, byte[] unsignedBytes, float[] floats, double[] doubles,
            double scale, double shift) {
        this.sampleShape = sampleShape;
        this.count = count;
        this.rowSize = Math.toIntExact(sampleShape.size());
        this.unsignedBytes = unsignedBytes;
        this.floats = floats;
        this.doubles = doubles;
        this.scale = scale;
        this.shift = shift;
    }

    static SampleTable ofUnsignedBytes(Shape sampleShape, byte[] values, double scale, double shift) {
        return new SampleTable(sampleShape, rows(values.length, sampleShape), values, null, null, scale, shift);
    }

    static SampleTable ofFloats(Shape sampleShape, float[] values, double scale, double shift) {
        return new SampleTable(sampleShape, rows(values.length, sampleShape), null, values, null, scale, shift);
    }

    static SampleTable ofDoubles(Shape sampleShape, double[] values, double scale, double shift) {
        return new SampleTable(sampleShape, rows(values.length, sampleShape), null, null, values, scale, shift);
    }

    private static int rows(int values, Shape sampleShape) {
        long size = sampleShape.size();
        if (size <= 0 || values % size != 0) {
            throw new IllegalStateException(values + " values do not form rows of shape " + sampleShape);
        }
        return (int) (values / size);
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
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw a negative number of samples: " + n);
        }
        double[] out = new double[Math.multiplyExact(n, rowSize)];
        for (int k = 0; k < n; k++) {
            int from = rng.nextInt(count) * rowSize;
            int to = k * rowSize;
            for (int j = 0; j < rowSize; j++) {
                out[to + j] = value(from + j);
            }
        }
        return manager.create(out, new Shape(n).addAll(sampleShape));
    }
}
