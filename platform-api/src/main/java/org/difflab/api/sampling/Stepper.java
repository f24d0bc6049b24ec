package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;

/**
 * The steps of one integration, from {@link org.difflab.api.Solver#start}. Called once per grid step, in order;
 * it may keep state between steps (the outputs of earlier steps for a multistep method, an adaptive step size),
 * holding the arrays it keeps with {@link Step#keep} and closing them in {@link #close()}.
 */
@FunctionalInterface
public interface Stepper extends AutoCloseable {

    /**
     * One step from {@link Step#t()} to {@link Step#tNext()}. Arrays created here are freed after the step,
     * except the returned one and those passed to {@link Step#keep}.
     *
     * @param x the state at t (the array the previous step returned, or the initial state); do not close it
     * @return the state at tNext, shaped like x; a new array, or x itself if the step leaves it unchanged, and
     *     never one the stepper keeps for later steps (the loop owns it)
     */
    NDArray step(Step step, NDArray x);

    /** Frees what the stepper kept; called once when the integration ends, normally or not. */
    @Override
    default void close() {}
}
