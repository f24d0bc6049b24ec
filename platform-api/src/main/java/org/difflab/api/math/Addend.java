package org.difflab.api.math;

import ai.djl.ndarray.NDArray;

/**
 * {@code c y}: an array added to a combination of x and x0_hat within the same evaluation, as Heun's corrector
 * adds half the step's starting state to its evaluation's combination. A model that folds the combination into
 * its last operation may fold this too (the exact mixture stacks y beside x in its last product, one native call
 * instead of three at small batches); by default it is added afterwards ({@link #addTo}).
 *
 * @param coefficient c
 * @param array y, with the evaluation's shape and data type
 */
public record Addend(double coefficient, NDArray array) {

    /** {@code to + c y}, in place on {@code to}. */
    public NDArray addTo(NDArray to) {
        try (NDArray scaled = array.mul(coefficient)) {
            return to.addi(scaled);
        }
    }
}
