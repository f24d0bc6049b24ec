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
        checkGrid(context.process(), times);
        DenoiserCalls calls = new DenoiserCalls(context);
        int steps = times.length - 1;
        NDArray state = x;
        for (int i = 0; i < steps; i++) {
            NDArray next;
            try (StepScope scope = new StepScope()) {
                next = scope.keep(step(context, calls, times, i, state));
            }
            if (state != x && state != next) {
                state.close();
            }
            state = next;
        }
        return new Solution(state, calls.count());
    }

    /**
     * Step {@code i}, from times[i] to times[i + 1]. Arrays created here are freed after the step, except the
     * returned one.
     */
    protected abstract NDArray step(SolverContext context, DenoiserCalls calls, double[] times, int i, NDArray x);

    /** Further checks of a grid before any evaluation; by default none. */
    protected void checkGrid(org.difflab.api.ForwardProcess process, double[] times) {}

    /** Whether step {@code i} is the grid's final step (to times[N]). */
    protected static boolean isLast(double[] times, int i) {
        return i == times.length - 2;
    }
}
