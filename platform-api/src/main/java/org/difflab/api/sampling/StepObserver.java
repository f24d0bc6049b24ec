package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;

/**
 * Watches an integration step by step (e.g. to save the trajectory). The arrays it is given are valid only
 * during the call: copy what you keep, and close nothing.
 */
public interface StepObserver {

    /** The initial state x at the grid's first time t, before any step. */
    default void started(double t, NDArray x) {}

    /**
     * After step {@code index}.
     *
     * @param t the time reached, times[index + 1]
     * @param x the state there
     * @param x0 a copy of the step's first denoiser output x0_hat (for most methods x0_hat of the step's starting
     *     state), or null if the step evaluated nothing
     */
    void stepped(int index, double t, NDArray x, NDArray x0);
}
