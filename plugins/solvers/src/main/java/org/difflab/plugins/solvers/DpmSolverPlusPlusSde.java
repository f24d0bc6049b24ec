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
 * Stochastic singlestep DPM-Solver++ (k-diffusion sample_dpmpp_sde: DPM-Solver++(2S) with ancestral noise at its
 * intermediate point and its end; Lu et al. 2022b) for any affine path, in EDM's coordinates x~ = x/alpha,
 * sigma~ = sigma/alpha, lambda = -log sigma~. With h = lambda_{i+1} - lambda_i, the intermediate level sigma~_s at
 * lambda_i + r h and the ancestral splits (down, up) of sigma~_i -&gt; sigma~_s and sigma~_i -&gt; sigma~_{i+1}
 * ({@link AncestralStep}):
 * <pre>
 *   u        = (s_down/sigma~_i) x~_i + (1 - s_down/sigma~_i) D_i + s_noise s_up z_1
 *   D_d      = (1 - 1/(2r)) D_i + D(u, sigma~_s)/(2r)
 *   x~_{i+1} = (down/sigma~_i) x~_i + (1 - down/sigma~_i) D_d + s_noise up z_2
 * </pre>
 * z_1 and z_2 are the normalized increments of one Brownian motion in sigma~ over [sigma~_s, sigma~_i] and
 * [sigma~_{i+1}, sigma~_i] (k-diffusion's default BrownianTreeNoiseSampler): standard normal with correlation
 * c = sqrt((sigma~_i - sigma~_s)/(sigma~_i - sigma~_{i+1})), drawn as z_2 = c z_1 + sqrt(1 - c^2) z'. The final step
 * to sigma = 0 is an Euler step (x~ = D_i). eta = 0 is {@code dpmpp-2s} (r = 1/2). NFE = 2N (2N - 1 to 0). Needs
 * a finite noise level at the start.
 */
@Extension
@Component(id = "dpmpp-sde", summary = "DPM-Solver++ SDE (k-diffusion sample_dpmpp_sde); NFE = 2N (2N - 1 to 0)")
public final class DpmSolverPlusPlusSde implements Solver {

    /** Options of {@link DpmSolverPlusPlusSde}. */
    public record Options(
            @Param(doc = "ancestral stochasticity eta of both sub-steps (0: dpmpp-2s)", defaultValue = "1", min = 0)
            double eta,
            @Param(doc = "scale of the added noise (k-diffusion s_noise)", defaultValue = "1", min = 0) double sNoise,
            @Param(doc = "position r of the intermediate point in lambda, in (0, 1]", defaultValue = "0.5",
                    min = 0.01, max = 1) double r) {}

    private final Options options;

    /** DPM-Solver++ SDE with the given options. */
    public DpmSolverPlusPlusSde(Options options) {
        this.options = options;
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public Set<Capability> capabilities() {
        return options.eta() > 0 && options.sNoise() > 0 ? Set.of(Capability.STOCHASTIC) : Set.of();
    }

    @Override
    public Stepper start(Integration run) {
        run.requireFiniteStart("dpmpp-sde");
        return this::step;
    }

    private NDArray step(Step step, NDArray x) {
        ForwardProcess process = step.process();
        double t = step.t();
        double tNext = step.tNext();
        double alphaNext = process.alpha(tNext);
        double level = process.noiseLevel(t);
        NDArray x0 = step.x0(x, t);
        if (step.toData()) {
            return x0.mul(alphaNext); // Euler to sigma~ = 0: x~ + (0 - sigma~) (x~ - D)/sigma~ = D
        }
        NDArray tilde = x.div(process.alpha(t));
        double levelNext = process.noiseLevel(tNext);
        double h = Math.log(level / levelNext);
        double s = Math.min(t, Math.max(tNext, process.timeAtNoiseLevel(level * Math.exp(-options.r() * h))));
        double levelS = process.noiseLevel(s); // the level actually reached (a numerical inverse may round)
        boolean noisy = capabilities().contains(Capability.STOCHASTIC);

        // to the intermediate point, with its share of the noise
        AncestralStep first = AncestralStep.of(MarkovTransition.between(process, s, t), options.eta());
        double downS = first.down() / process.alpha(s);
        NDArray u = tilde.mul(downS / level).add(x0.mul(1.0 - downS / level));
        NDArray z1 = null;
        if (noisy) {
            z1 = step.gaussianLike(x);
            u = u.add(z1.mul(options.sNoise() * first.up() / process.alpha(s)));
        }
        NDArray x0s = step.x0(u.mul(process.alpha(s)), s);

        // the whole step with the combined denoiser output
        AncestralStep second = AncestralStep.of(MarkovTransition.between(process, tNext, t), options.eta());
        double down = second.down() / alphaNext;
        double fac = 1.0 / (2.0 * options.r());
        NDArray combined = x0.mul(1.0 - fac).add(x0s.mul(fac));
        NDArray next = tilde.mul(down / level).add(combined.mul(1.0 - down / level)).mul(alphaNext);
        if (noisy) {
            double c = Math.sqrt((level - levelS) / (level - levelNext)); // Brownian increments' correlation
            NDArray z2 = z1.mul(c).add(step.gaussianLike(x).mul(Math.sqrt(1.0 - c * c)));
            next = next.add(z2.mul(options.sNoise() * second.up()));
        }
        return next;
    }
}
