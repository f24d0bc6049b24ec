package org.difflab.experiments.wrong;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Ancestral sampling (DDPM's posterior q(x_s | x_t, x0) with x0 from the denoiser, in EDM's coordinates x/alpha and
 * noise levels l) that adds 5 times the posterior's noise: x~_s = D + (l_s/l_t)^2 (x~_t - D) + 5 sigma_up z, where
 * sigma_up^2 = l_s^2 (1 - l_s^2/l_t^2). Every step is the right size; only its samples come from the wrong
 * distribution.
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
    public Stepper start(Integration run) {
        return ExcessNoiseSolver::step;
    }

    private static NDArray step(Step step, NDArray x) {
        ForwardProcess process = step.process();
        double lt = process.noiseLevel(step.t());
        double ls = process.noiseLevel(step.tNext());
        double shrink = (ls / lt) * (ls / lt);
        double up = ls * Math.sqrt(1 - shrink);
        NDArray denoised = step.x0(x, step.t());
        NDArray next = denoised.add(x.div(process.alpha(step.t())).sub(denoised).mul(shrink));
        if (up > 0) {
            next = next.add(step.gaussianLike(x).mul(5 * up));   // the mistake: 5x the noise
        }
        return next.mul(process.alpha(step.tNext()));
    }
}
