package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * EDM's general sampler (NVlabs/edm generate.py ablation_sampler; Karras et al. 2022, Algorithms 1 and 2 with
 * general sigma(t) and s(t)), re-derived from the paper's formulas: the ODE
 * dx/dt = (sigma'/sigma + s'/s) x - (sigma' s/sigma) D(x/s; sigma), churn in sigma, and the alpha-parameterised
 * second-order step, Euler on the last step. Independent of the solvers under test.
 */
final class EdmReference {

    private EdmReference() {}

    /** EDM's schedule sigma(t), its derivative and inverse, and scaling s(t) with its derivative. */
    record Schedule(DoubleUnaryOperator sigma, DoubleUnaryOperator sigmaDot, DoubleUnaryOperator sigmaInv,
            DoubleUnaryOperator s, DoubleUnaryOperator sDot) {}

    /** Table 1 "Ours": sigma(t) = t, s(t) = 1 (the EDM test process). */
    static final Schedule EDM = new Schedule(t -> t, t -> 1, sigma -> sigma, t -> 1, t -> 0);

    /**
     * The schedule sigma(t) = t with EDM's VP scaling s = 1/sqrt(1 + sigma^2), s' = -sigma sigma' s^3
     * (ablation_sampler's scaling='vp'): the VP-like test process.
     */
    static final Schedule VP_SCALED = new Schedule(t -> t, t -> 1, sigma -> sigma,
            t -> 1 / Math.sqrt(1 + t * t), t -> -t / Math.pow(1 + t * t, 1.5));

    /** D(x~; sigma), the denoiser in the scaled-back coordinate. */
    interface Denoiser {
        NDArray apply(NDArray xTilde, double sigma);
    }

    static NDArray derivative(Schedule k, Denoiser d, NDArray x, double t) {
        double sigma = k.sigma().applyAsDouble(t);
        double sigmaDot = k.sigmaDot().applyAsDouble(t);
        double s = k.s().applyAsDouble(t);
        double sDot = k.sDot().applyAsDouble(t);
        NDArray denoised = d.apply(x.div(s), sigma);
        return x.mul(sigmaDot / sigma + sDot / s).sub(denoised.mul(sigmaDot * s / sigma));
    }

    /**
     * ablation_sampler over the given time steps (t_N last). {@code alpha} as EDM's (1 = Heun); {@code heun}
     * false is solver='euler'. {@code noise} supplies n ~ N(0, I) like x, called once per step as EDM does
     * when the churn is on at every step.
     */
    static NDArray sample(Schedule k, Denoiser d, NDArray x, double[] t, boolean heun, double alpha, double sChurn,
            double sMin, double sMax, double sNoise, UnaryOperator<NDArray> noise) {
        int n = t.length - 1;
        for (int i = 0; i < n; i++) {
            double tCur = t[i];
            double tNext = t[i + 1];
            double sigmaCur = k.sigma().applyAsDouble(tCur);
            double gamma = sMin <= sigmaCur && sigmaCur <= sMax ? Math.min(sChurn / n, Math.sqrt(2) - 1) : 0;
            double tHat = k.sigmaInv().applyAsDouble(sigmaCur + gamma * sigmaCur);
            double sigmaHat = k.sigma().applyAsDouble(tHat);
            NDArray xHat = x.mul(k.s().applyAsDouble(tHat) / k.s().applyAsDouble(tCur));
            if (gamma > 0) {
                xHat = xHat.add(noise.apply(x).mul(Math.sqrt(Math.max(sigmaHat * sigmaHat - sigmaCur * sigmaCur, 0))
                        * k.s().applyAsDouble(tHat) * sNoise));
            }
            double h = tNext - tHat;
            NDArray dCur = derivative(k, d, xHat, tHat);
            if (!heun || i == n - 1) {
                x = xHat.add(dCur.mul(h));
            } else {
                double tPrime = tHat + alpha * h;
                NDArray xPrime = xHat.add(dCur.mul(alpha * h));
                NDArray dPrime = derivative(k, d, xPrime, tPrime);
                x = xHat.add(dCur.mul((1 - 1 / (2 * alpha)) * h).add(dPrime.mul(h / (2 * alpha))));
            }
        }
        return x;
    }
}
