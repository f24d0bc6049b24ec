package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Frees a solver step's temporaries: arrays created while the scope is open are closed with it, except
 * those passed to {@link #keep}. Use one per step so memory stays flat over long grids:
 * <pre>  try (StepScope step = new StepScope()) { x = step.keep(next(x)); }</pre>
 */
public final class StepScope implements AutoCloseable {

    private final NDScope scope = new NDScope();

    /** Keeps {@code array} alive past this scope (the caller then owns it). */
    public NDArray keep(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    @Override
    public void close() {
        scope.close();
    }
}
