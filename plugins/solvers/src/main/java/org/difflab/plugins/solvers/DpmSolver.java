package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Singlestep DPM-Solver with noise prediction (Lu et al. 2022, Algorithms 1, 4 and 5 / eq. 3.3 and its
 * higher-order expansions; k-diffusion DPMSolver.dpm_solver_{1,2,3}_step) for any affine path, in the half
 * log-SNR lambda = log(alpha/sigma). From s = t_i to t = t_{i+1}, h = lambda_t - lambda_s, eps_s = eps_hat(x, s):
 * <pre>
 *  order 1:  x_t = (alpha_t/alpha_s) x - sigma_t (e^h - 1) eps_s                                (= DDIM)
 *  order 2:  s1 at lambda_s + r1 h (r1 = 1/2), u = (alpha_s1/alpha_s) x - sigma_s1 (e^{r1 h} - 1) eps_s,
 *            x_t = (alpha_t/alpha_s) x - sigma_t (e^h - 1) eps_s - sigma_t/(2 r1) (e^h - 1) (eps(u, s1) - eps_s)
 *  order 3:  r1 = 1/3, r2 = 2/3; u1 as u above, D1 = eps(u1, s1) - eps_s,
 *            u2 = (alpha_s2/alpha_s) x - sigma_s2 (e^{r2 h} - 1) eps_s
 *                 - sigma_s2 (r2/r1) ((e^{r2 h} - 1)/(r2 h) - 1) D1,   D2 = eps(u2, s2) - eps_s,
 *            x_t = (alpha_t/alpha_s) x - sigma_t (e^h - 1) eps_s - (sigma_t/r2) ((e^h - 1)/h - 1) D2
 * </pre>
 * Intermediate times come from {@link ForwardProcess#timeAtHalfLogSnr}; r1, r2 are then taken from the
 * lambdas actually reached, so the updates stay consistent when that inverse is numerical. The final step to
 * sigma = 0 (where lambda = +inf and the intermediate times would be at sigma = 0 too) is first order in its
 * limit: x = alpha x0_hat, one evaluation (DPM-Solver's denoise_to_zero), or with {@code final_step: midpoint}
 * the second-order midpoint rule in the noise level ({@link FinalStep}, two evaluations). NFE = order N, or
 * order (N - 1) + 1 (+ 2) with a final step to sigma = 0. Needs alpha &gt; 0 at the grid's times.
 */
@Extension
@Component(id = "dpm-solver", summary = "Singlestep DPM-Solver-1/2/3 (noise prediction, lambda = log(alpha/sigma))")
public final class DpmSolver implements Solver {

    /** Options of {@link DpmSolver}. */
    public record Options(
            @Param(doc = "order of each step: 1 (= DDIM), 2 (r1 = 1/2) or 3 (r1 = 1/3, r2 = 2/3); it costs that many"
                    + " denoiser calls per step", defaultValue = "3", min = 1, max = 3) int order,
            @Param(doc = "last step to sigma = 0: euler (denoise_to_zero, first order) or midpoint (second order,"
                    + " two evaluations)", defaultValue = "euler") FinalStep finalStep) {}

    private final int order;
    private final FinalStep finalStep;

    /** DPM-Solver of the given order. */
    public DpmSolver(Options options) {
        this.order = options.order();
        this.finalStep = options.finalStep();
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public Stepper start(Integration run) {
        run.requireFiniteStart("dpm-solver");
        return this::step;
    }

    private NDArray step(Step step, NDArray x) {
        ForwardProcess process = step.process();
        double s = step.t();
        double t = step.tNext();
        if (step.toData() && finalStep == FinalStep.MIDPOINT) {
            return FinalStep.midpoint(step, s, x);
        }
        NDArray x0 = step.x0(x, s);
        if (step.toData()) {
            return x0.mul(process.alpha(t));
        }
        NDArray eps = step.eps(x, s, x0);
        double lambdaS = process.halfLogSnr(s);
        double h = process.halfLogSnr(t) - lambdaS;
        NDArray base = firstOrder(process, s, t, h, x, eps);
        if (order == 1) {
            return base;
        }
        double sigmaT = process.sigma(t);
        double em1 = Math.expm1(h);
        if (order == 2) {
            double s1 = intermediate(process, s, t, lambdaS + 0.5 * h);
            double r1 = (process.halfLogSnr(s1) - lambdaS) / h;
            NDArray u = firstOrder(process, s, s1, r1 * h, x, eps);
            NDArray diff = step.eps(u, s1, step.x0(u, s1)).sub(eps);
            return base.sub(diff.mul(sigmaT / (2.0 * r1) * em1));
        }
        double s1 = intermediate(process, s, t, lambdaS + h / 3.0);
        double s2 = intermediate(process, s, t, lambdaS + 2.0 * h / 3.0);
        double r1 = (process.halfLogSnr(s1) - lambdaS) / h;
        double r2 = (process.halfLogSnr(s2) - lambdaS) / h;
        NDArray u1 = firstOrder(process, s, s1, r1 * h, x, eps);
        NDArray d1 = step.eps(u1, s1, step.x0(u1, s1)).sub(eps);
        double sigmaS2 = process.sigma(s2);
        NDArray u2 = firstOrder(process, s, s2, r2 * h, x, eps)
                .sub(d1.mul(sigmaS2 * (r2 / r1) * (Math.expm1(r2 * h) / (r2 * h) - 1.0)));
        NDArray d2 = step.eps(u2, s2, step.x0(u2, s2)).sub(eps);
        return base.sub(d2.mul(sigmaT / r2 * (em1 / h - 1.0)));
    }

    /** DPM-Solver-1 from s to t over the lambda increment h: (alpha_t/alpha_s) x - sigma_t (e^h - 1) eps. */
    private static NDArray firstOrder(ForwardProcess process, double s, double t, double h, NDArray x, NDArray eps) {
        return x.mul(process.alpha(t) / process.alpha(s)).sub(eps.mul(process.sigma(t) * Math.expm1(h)));
    }

    /** The time at half log-SNR lambda, kept inside the step [t, s] against rounding of a numerical inverse. */
    private static double intermediate(ForwardProcess process, double s, double t, double lambda) {
        return Math.min(s, Math.max(t, process.timeAtHalfLogSnr(lambda)));
    }
}
