package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Euler-Maruyama on the family of reverse-time SDEs sharing the process's marginals (Karras et al. 2022,
 * eq. 6; Song et al. 2021, eq. 6 and 13), in the process's own (t, x) coordinates. With the forward SDE
 * dx = f x dt + g dW (f = alpha'/alpha, g^2 = 2 sigma sigma' - 2 f sigma^2, see {@link ForwardProcess}) and a
 * stochasticity s &ge; 0, the SDE integrated backwards in time is
 * <pre>  dx = [f x - (1 + s)/2 g^2 grad log p_t(x)] dt + sqrt(s) g dW_bar,</pre>
 * with grad log p_t = -eps_hat/sigma. s = 0 is the probability-flow ODE; s = 1 is Song et al.'s reverse SDE.
 * In EDM's noise-level terms this is eq. 6 with beta(t) = s sigma_edm'(t)/sigma_edm(t) (EDM footnote: s = 1
 * recovers Song et al.), since g^2 = 2 sigma^2 sigma_edm'/sigma_edm. One step with h = t_{i+1} - t_i &lt; 0:
 * x_{i+1} = x + h [v + (s/2) g^2 eps_hat/sigma] + sqrt(s g^2 |h|) z, v the PF-ODE velocity.
 *
 * <p>A final step to sigma = 0 is the noise-free probability-flow Euler step, as for k-diffusion's ancestral
 * samplers and EDM: score SDE's noise-free Euler-Maruyama mean would overshoot by sigma eps_hat when that step
 * is long (sigma_min to 0). A grid ending at sigma &gt; 0 ends with an ordinary SDE step. NFE = N; order 1 (as
 * an ODE solver, s = 0).
 */
@Extension
@Component(id = "euler-maruyama", summary = "Euler-Maruyama on the reverse SDE family (s = 0 PF-ODE, s = 1 Song et al.)")
public final class EulerMaruyamaSolver implements Solver {

    /** Options of {@link EulerMaruyamaSolver}. */
    public record Options(
            @Param(doc = "stochasticity s: beta(t) = s sigma'(t)/sigma(t) in EDM's eq. 6; 0 is the PF-ODE, 1 Song"
                    + " et al.'s reverse SDE", defaultValue = "1", min = 0) double stochasticity) {}

    private final double stochasticity;

    /** Euler-Maruyama with the given stochasticity. */
    public EulerMaruyamaSolver(Options options) {
        this.stochasticity = options.stochasticity();
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return stochasticity > 0 ? Set.of(Capability.STOCHASTIC) : Set.of();
    }

    @Override
    public Stepper start(Integration run) {
        if (stochasticity > 0) {
            run.requireFiniteStart("euler-maruyama"); // g^2 is infinite where alpha = 0
        }
        return (step, x) -> reverseSdeStep(step, x, step.toData() ? 0.0 : stochasticity);
    }

    /** One Euler-Maruyama step of the reverse SDE with stochasticity s (s = 0: a PF-ODE Euler step). */
    static NDArray reverseSdeStep(Step step, NDArray x, double s) {
        double t = step.t();
        double h = step.h();
        NDArray x0 = step.x0(x, t);
        NDArray velocity = step.velocity(x, t, x0);
        if (!(s > 0)) {
            return x.add(velocity.mul(h));
        }
        double g2 = step.process().diffusionSquared(t);
        if (!Double.isFinite(g2)) {
            throw new IllegalArgumentException("the reverse SDE needs a finite diffusion g^2 at t=" + t + " (got " + g2
                    + "); start the grid where alpha > 0");
        }
        NDArray drift = velocity.sub(step.score(x, t, x0).mul(0.5 * s * g2));
        return x.add(drift.mul(h)).add(step.gaussianLike(x).mul(Math.sqrt(s * g2 * Math.abs(h))));
    }
}
