package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;

/**
 * DPM-Solver++ multistep with data prediction (Lu et al. 2022b, "DPM-Solver++", Algorithm 2 and its
 * third-order extension), for any affine path, in the half log-SNR lambda = log(alpha/sigma). The exact
 * solution of the PF-ODE from t_i to t_{i+1} (h = lambda_{i+1} - lambda_i) is
 * <pre>  x_{i+1} = (sigma_{i+1}/sigma_i) x_i + alpha_{i+1} int_0^h e^{-(h - u)} D(lambda_i + u) du,</pre>
 * and the solver replaces D by a polynomial in lambda through the current and previous denoiser outputs. With
 * phi1 = 1 - e^{-h}, phi2 = 1 - phi1/h, phi3 = phi2/h - 1/2 and the divided differences d1 ~ h D'(lambda_i),
 * d2 ~ h^2 D''(lambda_i)/2 the third-order step is
 * x_{i+1} = (sigma_{i+1}/sigma_i) x_i + alpha_{i+1} [phi1 D_i + phi2 d1 - 2 phi3 d2]; a second-order step
 * weights its one backward difference by phi1/2 (2M) or phi2 (3M's warm-up), see
 * {@link #secondOrderWeight}. The first steps use the history available (lower order). A final step
 * to sigma = 0 is first order and gives alpha x0_hat (k-diffusion: x = denoised there). NFE = N.
 */
abstract class DpmSolverPlusPlusMultistep implements Solver {

    private final int order;

    DpmSolverPlusPlusMultistep(int order) {
        this.order = order;
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
        return new Stepper() {
            /** The previous denoiser outputs, newest first, at their lambdas. */
            private final History denoised = new History(order - 1);

            @Override
            public NDArray step(Step step, NDArray x) {
                double t = step.t();
                NDArray d = step.keep(step.x0(x, t));
                NDArray next = DpmSolverPlusPlusMultistep.this.step(step, x, d, denoised);
                denoised.push(d, step.process().halfLogSnr(t));
                return next;
            }

            @Override
            public void close() {
                denoised.close();
            }
        };
    }

    /**
     * One step. The newest denoiser output is {@code d} at lambda(t); {@code previous} holds up to order - 1
     * older ones with their lambdas. Written so that lambda(t) = -inf (alpha = 0, pure noise) gives the
     * exact limits: h = +inf, phi1 = phi2 = 1, and the divided differences across that step vanish.
     */
    private NDArray step(Step step, NDArray x, NDArray d, History previous) {
        ForwardProcess process = step.process();
        double t = step.t();
        double tNext = step.tNext();
        double alphaNext = process.alpha(tNext);
        if (step.toData()) {
            return d.mul(alphaNext); // first order to sigma = 0: h = inf, phi1 = 1
        }
        double lambda = process.halfLogSnr(t);
        double h = process.halfLogSnr(tNext) - lambda;
        double phi1 = -Math.expm1(-h);
        NDArray update = d.mul(phi1);
        int available = Math.min(previous.size(), order - 1);
        if (available >= 1) {
            double phi2 = 1.0 - phi1 / h;
            double r0 = (lambda - previous.at(0)) / h;
            NDArray d10 = d.sub(previous.value(0)).div(r0); // ~ h D' (backward difference)
            if (available == 1) {
                update = update.add(d10.mul(secondOrderWeight(phi1, phi2)));
            } else {
                double r1 = (previous.at(0) - previous.at(1)) / h;
                NDArray d11 = previous.value(0).sub(previous.value(1)).div(r1);
                NDArray d1 = d10.add(d10.sub(d11).mul(r0 / (r0 + r1)));   // ~ h D'(lambda_i), exact for quadratics
                NDArray d2 = d10.sub(d11).div(r0 + r1);                    // ~ h^2 D''(lambda_i) / 2
                double phi3 = phi2 / h - 0.5;
                // int_0^h e^{-(h-u)} u^2/2 du = -phi3 h^2 multiplies D'' = 2 d2 / h^2: hence -2 phi3 d2.
                update = update.add(d1.mul(phi2)).sub(d2.mul(2.0 * phi3));
            }
        }
        return x.mul(process.sigma(tNext) / process.sigma(t)).add(update.mul(alphaNext));
    }

    /**
     * Weight on d1 = (D_i - D_{i-1})/r ~ h D' in a second-order step: 2M's midpoint form phi1/2 (k-diffusion
     * sample_dpmpp_2m) or the Taylor form phi2 (k-diffusion sample_dpmpp_3m_sde's second step). Both are
     * second order: phi2 = h/2 + O(h^2) = phi1/2 + O(h^2).
     */
    abstract double secondOrderWeight(double phi1, double phi2);
}
