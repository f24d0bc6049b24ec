package org.difflab.api.training;

import ai.djl.ndarray.NDArray;

/** A training objective started for one run: the loss of each batch, and its bookkeeping between steps. */
public interface ObjectiveRun {

    /**
     * The batch's loss: a scalar float32 array computed with gradients to the trained network's weights (the
     * platform opens the gradient collector, calls this, and back-propagates). Arrays created here are freed
     * after the step.
     */
    NDArray loss(TrainingBatch batch);

    /**
     * Called after each optimizer update of the trained network (e.g. to move an EMA target towards it).
     *
     * @param step the step just taken, from 1
     */
    default void afterUpdate(int step) {}
}
