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
 * third-order extension), for any affine path, in the half log-SNR lambda = log(alpha/sigma), and its SDE
 * variant (section 5 / Appendix: the reverse SDE solved with the same exponential integrator; k-diffusion
 * sample_dpmpp_2m_sde and sample_dpmpp_3m_sde). With stochasticity eta (0 for the ODE), h = lambda_{i+1} -
 * lambda_i and h_eta = (1 + eta) h, the exact solution from t_i to t_{i+1} is
 * <pre>  x_{i+1} = (sigma_{i+1}/sigma_i) e^{-eta h} x_i + alpha_{i+1} int_0^h (1 + eta) e^{-(1 + eta)(h - u)}
 *             D(lambda_i + u) du + sigma_{i+1} sqrt(1 - e^{-2 eta h}) z,</pre>
 * and the solver replaces D by a polynomial in lambda through the current and previous denoiser outputs. With
 * phi1 = 1 - e^{-h_eta}, phi2 = 1 - phi1/h_eta, phi3 = phi2/h_eta - 1/2 and the divided differences
 * d1 ~ h D'(lambda_i), d2 ~ h^2 D''(lambda_i)/2 the third-order step is
 * x_{i+1} = (sigma_{i+1}/sigma_i) e^{-eta h} x_i + alpha_{i+1} [phi1 D_i + phi2 d1 - 2 phi3 d2] + noise (the
 * integral of u^2/2 against the kernel is -phi3 h^2 for any eta); a second-order step weights its one backward
 * difference by phi1/2 (2M's midpoint form) or phi2 (the Taylor form), see {@link SecondOrderForm}. The first
 * steps use the history available (lower order). A final step to sigma = 0 is first order and gives
 * alpha x0_hat, without noise (k-diffusion: x = denoised there). NFE = N.
 *
 * <p>{@link ThirdOrderTerm#PUBLISHED} uses k-diffusion's, dpm-solver's and diffusers' {@code - phi3 d2} instead
 * of {@code - 2 phi3 d2}: the step then keeps an O(h^3 D'') local error and the method is second order
 * (DpmSolverPlusPlus3MTest).
 */
abstract class DpmSolverPlusPlusMultistep implements Solver {

    /** The weight of the one backward difference in a second-order step. */
    public enum SecondOrderForm {
        /** phi1/2: DPM-Solver++(2M)'s D' = (1 + 1/(2r)) D_i - D_{i-1}/(2r) (k-diffusion solver_type midpoint). */
        MIDPOINT,
        /** phi2: the Taylor form (k-diffusion sample_dpmpp_3m_sde's second step, 2M SDE's solver_type heun). */
        HEUN
    }

    /** The coefficient of the second divided difference in a third-order step. */
    public enum ThirdOrderTerm {
        /** -2 phi3 d2, the exponential integrator's exact weight: third order. */
        CORRECTED,
        /** -phi3 d2, as k-diffusion, dpm-solver and diffusers publish it: second order. */
        PUBLISHED
    }

    private final int order;
    private final SecondOrderForm secondOrder;
    private final ThirdOrderTerm thirdOrder;
    private final double eta;
    private final double sNoise;

    DpmSolverPlusPlusMultistep(int order, SecondOrderForm secondOrder, ThirdOrderTerm thirdOrder, double eta,
            double sNoise) {
        this.order = order;
        this.secondOrder = secondOrder;
        this.thirdOrder = thirdOrder;
        this.eta = eta;
        this.sNoise = sNoise;
    }

    /** The declared order: 2 for the published third-order term (it is second order), else the multistep order. */
    @Override
    public int order() {
        return order == 3 && thirdOrder == ThirdOrderTerm.PUBLISHED ? 2 : order;
    }

    @Override
    public Set<Capability> capabilities() {
        return stochastic() ? Set.of(Capability.MULTISTEP, Capability.STOCHASTIC) : Set.of(Capability.MULTISTEP);
    }

    private boolean stochastic() {
        return eta > 0 && sNoise > 0;
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
     * older ones with their lambdas ({@link BackwardDifferences}). Written so that lambda(t) = -inf (alpha = 0,
     * pure noise) gives the exact limits: h = +inf, phi1 = phi2 = 1, and the divided differences across that
     * step vanish.
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
        double hEta = (1.0 + eta) * h;
        double phi1 = -Math.expm1(-hEta);
        NDArray update = d.mul(phi1);
        int available = Math.min(previous.size(), order - 1);
        if (available == 1) {
            double weight = secondOrder == SecondOrderForm.MIDPOINT ? 0.5 * phi1 : 1.0 - phi1 / hEta;
            update = update.add(BackwardDifferences.first(d, previous, lambda, h).mul(weight));
        } else if (available == 2) {
            double phi2 = 1.0 - phi1 / hEta;
            double phi3 = phi2 / hEta - 0.5;
            NDArray[] differences = BackwardDifferences.second(d, previous, lambda, h);
            // int_0^h (1+eta) e^{-(1+eta)(h-u)} u^2/2 du = -phi3 h^2 multiplies D'' = 2 d2 / h^2
            double weight = thirdOrder == ThirdOrderTerm.CORRECTED ? 2.0 * phi3 : phi3;
            update = update.add(differences[0].mul(phi2)).sub(differences[1].mul(weight));
        }
        double sigmaNext = process.sigma(tNext);
        double decay = eta > 0 ? Math.exp(-eta * h) : 1.0; // e^{-eta h}; eta = 0 stays 1 where h = inf
        NDArray next = x.mul(sigmaNext / process.sigma(t) * decay).add(update.mul(alphaNext));
        if (stochastic()) {
            double std = sigmaNext * Math.sqrt(-Math.expm1(-2.0 * eta * h)) * sNoise;
            next = next.add(step.gaussianLike(x).mul(std));
        }
        return next;
    }
}
