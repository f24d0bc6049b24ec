package org.difflab.plugins.datafiles;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.DataSource;
import org.difflab.api.math.Rng;

/** Checks shared by the sources: shape, type, and the documented draw rule (draw k is row rng.nextInt(n)). */
final class Draws {

    private Draws() {}

    /**
     * Draws {@code n} samples and checks they are float64 of shape [n, ...sampleShape] and that draw k equals row
     * {@code new Rng(seed).nextInt(rows.length)} (k-th call) of {@code rows}, exactly.
     */
    static void followTheRule(DataSource source, double[][] rows, int n, long seed) {
        followTheRule(source, rows, n, seed, 0.0);
    }

    /** As above, to within {@code tolerance} (for values the source maps with a factor like 1/127.5). */
    static void followTheRule(DataSource source, double[][] rows, int n, long seed, double tolerance) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray draws = source.sample(manager, n, new Rng(seed));
            assertThat(draws.getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(draws.getShape()).isEqualTo(new Shape(n).addAll(source.sampleShape()));
            double[] flat = draws.toDoubleArray();
            int size = (int) source.sampleShape().size();
            Rng rule = new Rng(seed);
            for (int k = 0; k < n; k++) {
                double[] row = rows[rule.nextInt(rows.length)];
                for (int j = 0; j < size; j++) {
                    assertThat(flat[k * size + j]).as("draw %d value %d", k, j)
                            .isCloseTo(row[j], org.assertj.core.api.Assertions.within(tolerance));
                }
            }
            // Another seed draws another sequence of rows (with n >> 1 and more than one row).
            assertThat(source.sample(manager, n, new Rng(seed + 1)).toDoubleArray()).isNotEqualTo(flat);
        }
    }

    /**
     * Labelled draws: the examples are sample()'s for the same seed, and draw k's label is the label of row
     * {@code new Rng(seed).nextInt(rowLabels.length)} (k-th call), the row its example came from.
     */
    static void labelsFollowTheRule(DataSource source, int[] rowLabels, int n, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            DataSource.Labelled drawn = source.sampleLabelled(manager, n, new Rng(seed));
            assertThat(drawn.x0().toDoubleArray()).containsExactly(source.sample(manager, n, new Rng(seed))
                    .toDoubleArray());
            Rng rule = new Rng(seed);
            int[] expected = new int[n];
            for (int k = 0; k < n; k++) {
                expected[k] = rowLabels[rule.nextInt(rowLabels.length)];
            }
            assertThat(drawn.labels()).containsExactly(expected);
        }
    }
}
