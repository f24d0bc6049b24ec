package org.difflab.experiments.wrong;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;
import org.difflab.api.sampling.StepScope;
import org.pf4j.Extension;

/** Heun's method (EDM Algorithm 1, Euler on the final step) that reports one denoiser call per step instead of two. */
@Extension
@Component(id = "nfe-undercount", summary = "WRONG on purpose: Heun reporting N instead of 2N - 1 evaluations")
public final class UnderCountingSolver implements Solver {

    @Override
    public int order() {
        return 2;
    }

    @Override
    public Solution solve(SolverContext context, double[] times, NDArray x) {
        NDArray state = x;
        int steps = times.length - 1;
        for (int i = 0; i < steps; i++) {
            double t = times[i];
            double next = times[i + 1];
            try (StepScope step = new StepScope()) {
                NDArray d = context.velocity(state, t, context.denoiser().denoise(state, t));
                NDArray predicted = state.add(d.mul(next - t));
                if (i == steps - 1) {
                    state = step.keep(predicted);
                } else {
                    NDArray dNext = context.velocity(predicted, next, context.denoiser().denoise(predicted, next));
                    state = step.keep(state.add(d.add(dNext).mul(0.5 * (next - t))));
                }
            }
        }
        return new Solution(state, steps);   // the mistake: 2N - 1 calls were made
    }
}
