package org.difflab.experiments.wrong;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.math.MarkovTransition;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Ancestral sampling (DDPM's posterior q(x_s | x_t, x0) with x0 from the denoiser, {@link MarkovTransition}) that
 * adds 5 times the posterior's noise. Every step is the right size; only its samples come from the wrong
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
        MarkovTransition transition = MarkovTransition.between(step.process(), step.tNext(), step.t());
        NDArray mean = transition.posteriorMean(x, step.x0(x, step.t()));
        double std = 5 * transition.posteriorStd();   // the mistake: 5x the noise
        return std > 0 ? mean.add(step.gaussianLike(x).mul(std)) : mean;
    }
}
