package org.difflab.plugins.metrics;

import java.util.stream.IntStream;
import org.difflab.api.Points;

/**
 * Mean Euclidean distance over all pairs of two point sets, (1/(n m)) sum_i sum_j |x_i - y_j|: the O(n m d)
 * kernel of the energy distance (half of it for a set with itself).
 *
 * <p>Blocked for the cache: the second set is stored coordinate-major, and a tile of its columns is reused by a
 * tile of rows, so the inner loops run over short contiguous arrays that the JIT vectorises (squared
 * differences, then square roots), and only the final sum is a scalar reduction (four accumulators). Row tiles
 * run in parallel; each returns its own sum and the tile sums are added in index order, so the result does not
 * depend on thread scheduling, and a set paired with an identical copy of another gives the identical number.
 */
final class PairwiseDistances {

    private static final int ROW_TILE = 64;
    private static final int COLUMN_TILE = 1024;

    private PairwiseDistances() {}

    static double meanDistance(Points x, Points y) {
        return tiledSum(x, y, false) / ((double) x.count() * y.count());
    }

    /**
     * The same mean of a set with itself, (1/n^2) sum_i sum_j |x_i - x_j|, from the pairs i &lt; j only: the
     * distance is symmetric and the diagonal is zero, so half the work.
     */
    static double meanSelfDistance(Points x) {
        return 2.0 * tiledSum(x, x, true) / ((double) x.count() * x.count());
    }

    /** sum_i sum_j |x_i - y_j|, or over j &gt; i only when {@code upper}. */
    private static double tiledSum(Points x, Points y, boolean upper) {
        int dims = x.dims();
        int m = y.count();
        double[][] columns = new double[dims][m];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < dims; k++) {
                columns[k][j] = y.get(j, k);
            }
        }
        int n = x.count();
        int tiles = (n + ROW_TILE - 1) / ROW_TILE;
        double[] tileSums = new double[tiles];
        IntStream.range(0, tiles).parallel().forEach(t -> tileSums[t] = rowTileSum(x, columns, t * ROW_TILE,
                Math.min(n, (t + 1) * ROW_TILE), upper));
        double total = 0;
        for (double tileSum : tileSums) {
            total += tileSum;
        }
        return total;
    }

    private static double rowTileSum(Points x, double[][] columns, int rowStart, int rowEnd, boolean upper) {
        int dims = columns.length;
        int m = columns[0].length;
        double[] rowSums = new double[rowEnd - rowStart];
        double[] distances = new double[Math.min(COLUMN_TILE, m)];
        // above the diagonal only: column tiles that end at or before this row tile's first row hold no pair j > i
        int firstTile = upper ? rowStart / COLUMN_TILE * COLUMN_TILE : 0;
        for (int columnStart = firstTile; columnStart < m; columnStart += COLUMN_TILE) {
            int width = Math.min(COLUMN_TILE, m - columnStart);
            for (int i = rowStart; i < rowEnd; i++) {
                squaredDistances(x.values(), x.offset(i), columns, columnStart, width, distances);
                int from = upper ? Math.min(width, Math.max(0, i + 1 - columnStart)) : 0;
                squareRoots(distances, from, width);
                rowSums[i - rowStart] += sum(distances, from, width);
            }
        }
        double sum = 0;
        for (double rowSum : rowSums) {
            sum += rowSum;
        }
        return sum;
    }

    /**
     * {@code distances[j] = |x_i - y_(columnStart + j)|^2} for j &lt; width, x_i at {@code values[row ..]}. A small
     * method of its own (as are the square roots and the sum): called once per row and column tile, it reaches the
     * optimising compiler after a few thousand calls, early in the first run, instead of waiting for on-stack
     * replacement of one long loop nest.
     */
    private static void squaredDistances(double[] values, int row, double[][] columns, int columnStart, int width,
            double[] distances) {
        // the first coordinate assigns (0 + d^2 is d^2 exactly), so the buffer needs no clearing pass
        double[] first = columns[0];
        double c0 = values[row];
        for (int j = 0; j < width; j++) {
            double diff = c0 - first[columnStart + j];
            distances[j] = diff * diff;
        }
        for (int k = 1; k < columns.length; k++) {
            double[] coordinate = columns[k];
            double ck = values[row + k];
            for (int j = 0; j < width; j++) {
                double diff = ck - coordinate[columnStart + j];
                distances[j] += diff * diff;
            }
        }
    }

    /** Square roots in place of the entries from {@code from} to {@code width} (a vectorised loop). */
    private static void squareRoots(double[] values, int from, int width) {
        for (int j = from; j < width; j++) {
            values[j] = Math.sqrt(values[j]);
        }
    }

    /** Sum of the entries from {@code from} to {@code width}, with four independent accumulators. */
    private static double sum(double[] values, int from, int width) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = from;
        for (; j + 3 < width; j += 4) {
            s0 += values[j];
            s1 += values[j + 1];
            s2 += values[j + 2];
            s3 += values[j + 3];
        }
        for (; j < width; j++) {
            s0 += values[j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
