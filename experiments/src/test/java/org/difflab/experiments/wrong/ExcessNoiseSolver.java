package org.difflab.experiments.wrong;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;
import org.difflab.api.sampling.StepScope;
import org.pf4j.Extension;

/**
 * Ancestral sampling (DDPM's posterior q(x_s | x_t, x0) with x0 from the denoiser, in EDM's coordinates x/alpha and
 * noise levels l) that adds 5 times the posterior's noise: x~_s = D + (l_s/l_t)^2 (x~_t - D) + 5 sigma_up z, where
 * sigma_up^2 = l_s^2 (1 - l_s^2/l_t^2). Every step is the right size and counts its call; only its samples come
 * from the wrong distribution.
 */
@Extension
@Component(id = "excess-noise", summary = "WRONG on purpose: ancestral sampling adding 5x the posterior's noise")
public final class ExcessNoiseSolver implements Solver {

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.STOCHASTIC);
    }

    @Override
    public Solution solve(SolverContext context, double[] times, NDArray x) {
        ForwardProcess process = context.process();
        NDArray state = x;
        for (int i = 0; i + 1 < times.length; i++) {
            double lt = process.noiseLevel(times[i]);
            double ls = process.noiseLevel(times[i + 1]);
            double shrink = (ls / lt) * (ls / lt);
            double up = ls * Math.sqrt(1 - shrink);
            try (StepScope step = new StepScope()) {
                NDArray denoised = context.denoiser().denoise(state, times[i]);
                NDArray next = denoised.add(state.div(process.alpha(times[i])).sub(denoised).mul(shrink));
                if (up > 0) {
                    next = next.add(context.gaussianLike(state).mul(5 * up));   // the mistake: 5x the noise
                }
                state = step.keep(next.mul(process.alpha(times[i + 1])));
            }
        }
        return new Solution(state, times.length - 1);
    }
}
