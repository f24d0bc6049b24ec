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
 * Linear multistep (Adams-Bashforth type) in EDM's noise-level coordinates (k-diffusion sample_lms, order 4).
 * The state is x~ = x/alpha and the ODE dx~/dsigma = d = (x~ - D)/sigma (Karras et al. 2022, eq. 4 with s = 1),
 * where d is eps_hat. Each step integrates the Lagrange interpolant of the last min(i + 1, order) slopes over
 * [sigma_i, sigma_{i+1}]: x~_{i+1} = x~_i + sum_j c_j d_{i-j}, c_j = int l_j(tau) d tau over the noise levels
 * sigma_i, sigma_{i-1}, .... The integrals are exact ({@link LagrangeIntegrals}); k-diffusion uses numerical
 * quadrature with a 1e-4 tolerance instead. The final step to sigma = 0 is taken the same way
 * (extrapolating the interpolant to 0, as k-diffusion). NFE = N. Needs finite noise levels (alpha &gt; 0) at
 * the grid's times. The stepper carries x~ between steps and returns x = alpha(t_{i+1}) x~_{i+1}.
 */
@Extension
@Component(id = "lms", summary = "Linear multistep in EDM noise levels (k-diffusion sample_lms); NFE = N")
public final class LmsSolver implements Solver {

    /** Options of {@link LmsSolver}. */
    public record Options(
            @Param(doc = "number of slopes interpolated (the order of the method)", defaultValue = "4", min = 1, max = 6)
            int order) {}

    private final int order;

    /** A linear multistep solver of the given order. */
    public LmsSolver(Options options) {
        this.order = options.order();
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.MULTISTEP);
    }

    @Override
    public Stepper start(Integration run) {
        run.requireFiniteStart("lms");
        return new Stepper() {
            /** The last slopes d = eps_hat, newest first, at their noise levels. */
            private final History slopes = new History(order);
            /** x~ = x/alpha at the current time, and the state it was returned as. */
            private NDArray tilde;
            private NDArray returned;

            @Override
            public NDArray step(Step step, NDArray x) {
                ForwardProcess process = step.process();
                double t = step.t();
                // x~ is carried from step to step (not recomputed as x/alpha, which would round differently)
                // as long as the state is the one this stepper returned.
                NDArray current = x == returned ? tilde : x.div(process.alpha(t));
                NDArray xt = current.mul(process.alpha(t));
                slopes.push(step.keep(step.eps(xt, t, step.x0(xt, t))), process.noiseLevel(t));
                double[] nodes = slopes.nodes();
                double[] c = LagrangeIntegrals.integrals(nodes, nodes[0], process.noiseLevel(step.tNext()));
                NDArray increment = slopes.combination(c);
                NDArray next = step.keep(current.add(increment));
                if (tilde != null) {
                    tilde.close();
                }
                tilde = next;
                returned = next.mul(process.alpha(step.tNext()));
                return returned;
            }

            @Override
            public void close() {
                slopes.close();
                if (tilde != null) {
                    tilde.close();
                }
            }
        };
    }
}
