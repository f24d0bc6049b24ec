package org.difflab.experiments.clash;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;
import org.difflab.api.sampling.StepScope;
import org.pf4j.Extension;

/**
 * Euler's method under the bundled Heun solver's id: one denoiser call per step, so 18 steps cost 18 evaluations
 * where Heun's cost 35. Which of the two ran is visible in the NFE.
 */
@Extension
@Component(id = "heun", summary = "Euler's method under the id heun (a third-party plugin's clash)")
public final class EulerCalledHeun implements Solver {

    @Override
    public int order() {
        return 1;
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
