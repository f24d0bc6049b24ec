package org.difflab.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.Rng;

/** What a metric that needs the model sees: the run's model without guidance, its process, held-out data. */
public interface ModelUnderTest {

    /** The run's model x0_hat(x, t, c), unguided. */
    ConditionalDenoiser model();

    /** The run's forward process. */
    ForwardProcess process();

    /** The run's sampling precision. */
    DataType dataType();

    /** Where to create arrays; freed after the metric. */
    NDManager manager();

    /**
     * {@code n} held-out draws from the data, independent of the training data, the samples and the reference
     * draw ([n][dims]), with their labels (null for unlabelled data).
     */
    LabelledRows heldOut(int n);

    /**
     * Whether the model is the data's exact denoiser (its component claims {@code CLOSED_FORM} and the data has a
     * closed form), so that a metric may use the closed form in its place (e.g. the exact divergence of the
     * probability-flow drift). False unless the run knows it is.
     */
    default boolean isExact() {
        return false;
    }

    /** How many held-out points likelihood metrics use (the spec's {@code evaluation.nll_points}). */
    default int likelihoodPoints() {
        return DEFAULT_LIKELIHOOD_POINTS;
    }

    /**
     * Reports how far a long computation has got, so that the run can show it (a progress bar with rate and time
     * left on a terminal, a line now and then elsewhere): {@code done} of {@code total} {@code unit}s of
     * {@code task}, fractional while a unit is under way. Ignored unless the platform shows progress.
     */
    default void progress(String task, double done, long total, String unit) {}

    /** The default of {@link #likelihoodPoints()}. */
    int DEFAULT_LIKELIHOOD_POINTS = 1000;

    /**
     * Rows of data with optional labels.
     *
     * @param rows [n][dims]
     * @param labels one label per row, or null
     */
    record LabelledRows(double[][] rows, int[] labels) {

        /** {@code n} labelled draws of {@code data} from {@code rng}'s stream, as [n][dims] float64 rows. */
        public static LabelledRows draw(DataSource data, int n, Rng rng) {
            try (NDManager manager = NDManager.newBaseManager()) {
                DataSource.Labelled drawn = data.sampleLabelled(manager, n, rng);
                return new LabelledRows(rowsOf(drawn.x0()), drawn.labels());
            }
        }

        /** The examples of a batch [n, ...] as n rows of their values, in float64. */
        public static double[][] rowsOf(NDArray batch) {
            int n = Math.toIntExact(batch.getShape().get(0));
            double[] flat = batch.toType(DataType.FLOAT64, false).toDoubleArray();
            int dims = n == 0 ? 0 : flat.length / n;
            double[][] rows = new double[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = Arrays.copyOfRange(flat, i * dims, (i + 1) * dims);
            }
            return rows;
        }
    }
}
