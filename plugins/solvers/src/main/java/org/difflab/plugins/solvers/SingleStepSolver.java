package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;
import org.difflab.api.sampling.StepScope;

/**
 * A solver whose step from t_i to t_{i+1} needs only x at t_i (no history): the grid loop, the
 * per-step {@link StepScope} and the NFE count live here once.
 */
abstract class SingleStepSolver implements Solver {

    @Override
    public final Solution solve(SolverContext context, double[] times, NDArray x) {
        Grid.check(context.process(), times);
        DenoiserCalls calls = new DenoiserCalls(context);
        int steps = times.length - 1;
        NDArray state = x;
        for (int i = 0; i < steps; i++) {
            NDArray next;
            try (StepScope scope = new StepScope()) {
                next = scope.keep(step(context, calls, times[i], times[i + 1], state, i == steps - 1));
            }
            if (state != x && state != next) {
                state.close();
            }
            state = next;
        }
        return new Solution(state, calls.count());
    }

    /**
     * One step from {@code t} to {@code tNext}. Arrays created here are freed after the step, except the
     * returned one.
     *
     * @param last whether this is the grid's final step (to times[N])
     */
    protected abstract NDArray step(SolverContext context, DenoiserCalls calls, double t, double tNext, NDArray x,
            boolean last);
}
