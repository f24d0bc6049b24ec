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
 * Multistep DPM-Solver with noise prediction (Lu et al. 2022a, "DPM-Solver", section 3.3 and Appendix B.6;
 * LuChengTHU/dpm-solver multistep_dpm_solver_{second,third}_update with algorithm_type "dpmsolver"; diffusers'
 * DPMSolverMultistepScheduler with algorithm_type "dpmsolver") for any affine path, in lambda = log(alpha/sigma).
 * The exact solution in noise prediction, h = lambda_{i+1} - lambda_i (eq. 3.4), is
 * <pre>  x_{i+1} = (alpha_{i+1}/alpha_i) x_i - sigma_{i+1} int_0^h e^{h - u} eps(lambda_i + u) du,</pre>
 * and with phi1 = e^h - 1, phi2 = phi1/h - 1, phi3 = phi2/h - 1/2 (so that the kernel's moments are phi1, h phi2
 * and h^2 phi3 for 1, u and u^2/2) and the divided differences of {@link BackwardDifferences} over eps:
 * <pre>
 *   order 2:  x_{i+1} = (alpha_{i+1}/alpha_i) x_i - sigma_{i+1} (phi1 eps_i + w d10),
 *             w = phi1/2 (midpoint) or phi2 (heun)
 *   order 3:  x_{i+1} = (alpha_{i+1}/alpha_i) x_i - sigma_{i+1} (phi1 eps_i + phi2 d1 + 2 phi3 d2)
 * </pre>
 * The published third-order update has {@code phi3 d2} where the kernel needs {@code 2 phi3 d2} (as for
 * {@link DpmSolverPlusPlus3M}); {@code third_order_term} selects it. The first steps use the history available;
 * no lower-order final steps. A final step to sigma = 0 (h = inf, where the noise form has no limit) returns
 * alpha x0_hat (DPM-Solver's denoise_to_zero). NFE = N. Needs a finite noise level at the start.
 */
@Extension
@Component(id = "dpm-solver-multistep",
        summary = "Multistep DPM-Solver-2/3 in noise prediction (Lu et al. 2022); NFE = N")
public final class DpmSolverMultistep implements Solver {

    /** Options of {@link DpmSolverMultistep}. */
    public record Options(
            @Param(doc = "order of the multistep method: 2 or 3", defaultValue = "2", min = 2, max = 3) int order,
            @Param(doc = "second-order weight of the backward difference: midpoint (phi1/2, dpm-solver's"
                    + " 'dpmsolver') or heun (phi2, 'taylor')", defaultValue = "midpoint")
            DpmSolverPlusPlusMultistep.SecondOrderForm solverType,
            @Param(doc = "third-order term: corrected (2 phi3 d2, third order) or published (phi3 d2, second order)",
                    defaultValue = "corrected") DpmSolverPlusPlusMultistep.ThirdOrderTerm thirdOrderTerm) {}

    private final Options options;

    /** Multistep DPM-Solver with the given options. */
    public DpmSolverMultistep(Options options) {
        this.options = options;
    }

    @Override
    public int order() {
        boolean published = options.thirdOrderTerm() == DpmSolverPlusPlusMultistep.ThirdOrderTerm.PUBLISHED;
        return options.order() == 3 && published ? 2 : options.order();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.MULTISTEP);
    }

    @Override
    public Stepper start(Integration run) {
        run.requireFiniteStart("dpm-solver-multistep");
        return new Stepper() {
            /** The previous noise predictions, newest first, at their lambdas. */
            private final History noise = new History(options.order() - 1);

            @Override
            public NDArray step(Step step, NDArray x) {
                double t = step.t();
                NDArray x0 = step.x0(x, t);
                NDArray eps = step.keep(step.eps(x, t, x0));
                NDArray next = DpmSolverMultistep.this.step(step, x, x0, eps, noise);
                noise.push(eps, step.process().halfLogSnr(t));
                return next;
            }

            @Override
            public void close() {
                noise.close();
            }
        };
    }

    private NDArray step(Step step, NDArray x, NDArray x0, NDArray eps, History previous) {
        ForwardProcess process = step.process();
        double t = step.t();
        double tNext = step.tNext();
        if (step.toData()) {
            return x0.mul(process.alpha(tNext));
        }
        double lambda = process.halfLogSnr(t);
        double h = process.halfLogSnr(tNext) - lambda;
        double phi1 = Math.expm1(h);
        double phi2 = phi1 / h - 1.0;
        NDArray integral = eps.mul(phi1);
        int available = Math.min(previous.size(), options.order() - 1);
        if (available == 1) {
            double weight = options.solverType() == DpmSolverPlusPlusMultistep.SecondOrderForm.MIDPOINT
                    ? 0.5 * phi1 : phi2;
            integral = integral.add(BackwardDifferences.first(eps, previous, lambda, h).mul(weight));
        } else if (available == 2) {
            double phi3 = phi2 / h - 0.5;
            NDArray[] differences = BackwardDifferences.second(eps, previous, lambda, h);
            // int_0^h e^{h-u} u^2/2 du = h^2 phi3 multiplies eps'' = 2 d2 / h^2
            double weight = options.thirdOrderTerm() == DpmSolverPlusPlusMultistep.ThirdOrderTerm.CORRECTED
                    ? 2.0 * phi3 : phi3;
            integral = integral.add(differences[0].mul(phi2)).add(differences[1].mul(weight));
        }
        return x.mul(process.alpha(tNext) / process.alpha(t)).sub(integral.mul(process.sigma(tNext)));
    }
}
