package org.difflab.api.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;

/**
 * One step's data and randomness.
 *
 * @param step the step being taken, from 1
 * @param x0 clean examples, float32, [batch, ...sampleShape]
 * @param condition the examples' labels ({@link Condition#NONE} for unlabelled data)
 * @param rng this step's random stream, determined by (seed, step): draw every random number of the step from
 *     it (or from its splits), so a resumed run reaches the same weights
 * @param manager where to create the step's arrays (freed after the step)
 */
public record TrainingBatch(int step, NDArray x0, Condition condition, Rng rng, NDManager manager) {

    /** Number of examples. */
    public int size() {
        return Math.toIntExact(x0.getShape().get(0));
    }
}
