package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;
import org.difflab.api.sampling.StepScope;
import org.pf4j.Extension;

/**
 * Linear multistep (Adams-Bashforth type) in EDM's noise-level coordinates (k-diffusion sample_lms, order 4).
 * The state is x~ = x/alpha and the ODE dx~/dsigma = d = (x~ - D)/sigma (Karras et al. 2022, eq. 4 with s = 1),
 * where d is eps_hat. Each step integrates the Lagrange interpolant of the last min(i + 1, order) slopes over
 * [sigma_i, sigma_{i+1}]: x~_{i+1} = x~_i + sum_j c_j d_{i-j}, c_j = int l_j(tau) d tau over the noise levels
 * sigma_i, sigma_{i-1}, .... The integrals are exact ({@link LagrangeIntegrals}); k-diffusion uses numerical
 * quadrature with a 1e-4 tolerance instead. The final step to sigma = 0 is taken the same way
 * (extrapolating the interpolant to 0, as k-diffusion). NFE = N. Needs finite noise levels (alpha &gt; 0) at
 * the grid's times.
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
    public Solution solve(SolverContext context, double[] times, NDArray x) {
        ForwardProcess process = context.process();
        Grid.check(process, times);
        Grid.requireFiniteStart(process, times, "lms");
        DenoiserCalls calls = new DenoiserCalls(context);
        int steps = times.length - 1;
        NDArray state = x.div(process.alpha(times[0])); // x~
        try (History slopes = new History(order)) {
            for (int i = 0; i < steps; i++) {
                double t = times[i];
                NDArray next;
                try (StepScope scope = new StepScope()) {
                    NDArray xt = state.mul(process.alpha(t));
                    NDArray eps = Conversions.convert(context.at(t), LinearTarget.X0, LinearTarget.EPS)
                            .apply(xt, calls.x0(xt, t));
                    slopes.push(scope.keep(eps), process.noiseLevel(t));
                    double[] nodes = new double[slopes.size()];
                    for (int k = 0; k < nodes.length; k++) {
                        nodes[k] = slopes.at(k);
                    }
                    double[] c = LagrangeIntegrals.integrals(nodes, nodes[0], process.noiseLevel(times[i + 1]));
                    NDArray increment = slopes.value(0).mul(c[0]);
                    for (int k = 1; k < c.length; k++) {
                        increment = increment.add(slopes.value(k).mul(c[k]));
                    }
                    next = scope.keep(state.add(increment));
                }
                state.close();
                state = next;
            }
        }
        NDArray out = state.mul(process.alpha(times[steps]));
        state.close();
        return new Solution(out, calls.count());
    }
}
