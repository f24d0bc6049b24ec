package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.math.MarkovTransition;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Euler ancestral (k-diffusion sample_euler_ancestral) for any affine path, in EDM's coordinates x~ = x/alpha
 * and noise level sigma~ = sigma/alpha: an Euler step of dx~/dsigma~ = (x~ - D)/sigma~ (Karras et al. 2022,
 * eq. 4) from sigma~_i down to sigma~_down, then fresh noise of standard deviation sigma~_up, with
 * sigma~_down^2 + sigma~_up^2 = sigma~_{i+1}^2 ({@link AncestralStep}, k-diffusion get_ancestral_step):
 * <pre>  x~_{i+1} = x~_i + (sigma~_down - sigma~_i) (x~_i - D_i)/sigma~_i + s_noise sigma~_up z.</pre>
 * With eta = 1 it is DDPM's ancestral sampler and equals {@code ddim} with eta = 1 (shown in the tests); eta
 * &gt; 1 adds more noise than the posterior's, up to all of sigma~_{i+1} (k-diffusion caps sigma_up there). The
 * final step to sigma = 0 gives alpha x0_hat. NFE = N; first order. Needs a finite noise level at the start.
 */
@Extension
@Component(id = "euler-ancestral", summary = "Euler ancestral (k-diffusion sample_euler_ancestral); NFE = N")
public final class EulerAncestralSolver implements Solver {

    /** Options of {@link EulerAncestralSolver}. */
    public record Options(
            @Param(doc = "ancestral stochasticity eta: 0 is Euler, 1 DDPM's posterior noise, above 1 more (capped at"
                    + " the next noise level)", defaultValue = "1", min = 0) double eta,
            @Param(doc = "scale of the added noise (k-diffusion s_noise)", defaultValue = "1", min = 0)
            double sNoise) {}

    private final Options options;

    /** Euler ancestral with the given eta and s_noise. */
    public EulerAncestralSolver(Options options) {
        this.options = options;
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return options.eta() > 0 && options.sNoise() > 0 ? Set.of(Capability.STOCHASTIC) : Set.of();
    }

    @Override
    public Stepper start(Integration run) {
        run.requireFiniteStart("euler-ancestral");
        return this::step;
    }

    private NDArray step(Step step, NDArray x) {
        ForwardProcess process = step.process();
        double t = step.t();
        MarkovTransition transition = MarkovTransition.between(process, step.tNext(), t);
        AncestralStep split = AncestralStep.of(transition, options.eta());
        double alphaNext = transition.alphaS();
        double level = process.noiseLevel(t);
        NDArray x0 = step.x0(x, t);
        NDArray slope = step.eps(x, t, x0); // dx~/dsigma~ = (x~ - D)/sigma~ = eps_hat
        NDArray next = x.div(process.alpha(t)).add(slope.mul(split.down() / alphaNext - level)).mul(alphaNext);
        return split.up() > 0 ? next.add(step.gaussianLike(x).mul(split.up() * options.sNoise())) : next;
    }
}
