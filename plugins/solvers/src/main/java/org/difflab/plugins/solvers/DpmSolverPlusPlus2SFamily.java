package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.MarkovTransition;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;

/**
 * Singlestep DPM-Solver++(2S) (Lu et al. 2022b, Algorithm 1 with r = 1/2; k-diffusion
 * sample_dpmpp_2s_ancestral) for any affine path, in EDM's coordinates x~ = x/alpha, sigma~ = sigma/alpha and
 * lambda = -log sigma~. Each step first splits the next noise level into a deterministic target sigma~_down and
 * fresh noise sigma~_up ({@link AncestralStep}; eta = 0: sigma~_down = sigma~_{i+1}, no noise). With
 * h = lambda_down - lambda_i and the midpoint s at lambda_i + h/2 (r = 1/2, so the second-order combination
 * (1 - 1/(2r)) D_i + D_s/(2r) is D_s):
 * <pre>
 *   u        = (sigma~_s/sigma~_i) x~_i - (e^{-h/2} - 1) D_i
 *   x~_down  = (sigma~_down/sigma~_i) x~_i - (e^{-h} - 1) D(u, s)
 *   x~_{i+1} = x~_down + s_noise sigma~_up z.
 * </pre>
 * Where sigma~_down = 0 (the final step to the data end, or eta large) the step is an Euler step, which gives
 * x~ = D_i, one evaluation (k-diffusion does the same), or for dpmpp-2s with {@code final_step: midpoint} the
 * second-order midpoint rule ({@link FinalStep}). NFE = 2N, or 2N - 1 on a grid ending at sigma = 0;
 * second order when deterministic. Needs a finite noise level at the start.
 */
abstract class DpmSolverPlusPlus2SFamily implements Solver {

    private final double eta;
    private final double sNoise;
    private final FinalStep finalStep;

    DpmSolverPlusPlus2SFamily(double eta, double sNoise, FinalStep finalStep) {
        this.eta = eta;
        this.sNoise = sNoise;
        this.finalStep = finalStep;
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public Set<Capability> capabilities() {
        return eta > 0 && sNoise > 0 ? Set.of(Capability.STOCHASTIC) : Set.of();
    }

    @Override
    public Stepper start(Integration run) {
        run.requireFiniteStart(getClass().getAnnotation(org.difflab.api.Component.class).id());
        return this::step;
    }

    private NDArray step(Step step, NDArray x) {
        if (step.toData() && finalStep == FinalStep.MIDPOINT) {
            return FinalStep.midpoint(step, step.t(), x);
        }
        ForwardProcess process = step.process();
        double t = step.t();
        MarkovTransition transition = MarkovTransition.between(process, step.tNext(), t);
        AncestralStep split = AncestralStep.of(transition, eta);
        double alphaNext = transition.alphaS();
        double level = process.noiseLevel(t);
        double levelDown = split.down() / alphaNext;
        NDArray x0 = step.x0(x, t);
        NDArray tilde = x.div(process.alpha(t));
        NDArray next;
        if (!(levelDown > 0)) {
            next = tilde.add(step.eps(x, t, x0).mul(-level)); // Euler to sigma~ = 0
        } else {
            double h = Math.log(level / levelDown);
            double s = Math.min(t, Math.max(step.tNext(), process.timeAtNoiseLevel(level * Math.exp(-0.5 * h))));
            double levelS = process.noiseLevel(s); // the level actually reached (a numerical inverse may round)
            NDArray u = tilde.mul(levelS / level).sub(x0.mul(Math.expm1(-Math.log(level / levelS))));
            NDArray x0s = step.x0(u.mul(process.alpha(s)), s);
            next = tilde.mul(levelDown / level).sub(x0s.mul(Math.expm1(-h)));
        }
        next = next.mul(alphaNext);
        return split.up() > 0 ? next.add(step.gaussianLike(x).mul(split.up() * sNoise)) : next;
    }
}
