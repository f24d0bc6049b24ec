package org.difflab.experiments.wrong;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;
import org.difflab.api.sampling.StepScope;
import org.pf4j.Extension;

/** Euler's method (first order) that declares order 2. */
@Extension
@Component(id = "false-order", summary = "WRONG on purpose: Euler's method declaring order 2")
public final class FalseOrderSolver implements Solver {

    @Override
    public int order() {
        return 2;   // the mistake: Euler is first order
    }

    @Override
    public Solution solve(SolverContext context, double[] times, NDArray x) {
        NDArray state = x;
        int calls = 0;
        for (int i = 0; i + 1 < times.length; i++) {
            try (StepScope step = new StepScope()) {
                NDArray x0 = context.denoiser().denoise(state, times[i]);
                calls++;
                state = step.keep(state.add(context.velocity(state, times[i], x0).mul(times[i + 1] - times[i])));
            }
        }
        return new Solution(state, calls);
    }
}
