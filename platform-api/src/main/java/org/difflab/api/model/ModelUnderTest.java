package org.difflab.api.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.difflab.api.ForwardProcess;

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
     * Rows of data with optional labels.
     *
     * @param rows [n][dims]
     * @param labels one label per row, or null
     */
    record LabelledRows(double[][] rows, int[] labels) {}
}
