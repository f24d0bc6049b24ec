package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * score SDE's samplers (yang-song/score_sde_pytorch sampling.py and sde_lib.py), re-derived from their
 * formulas for a grid of times: EulerMaruyamaPredictor, ReverseDiffusionPredictor with the VE (SMLD) and VP
 * (DDPM) discretizations, and LangevinCorrector; the PC loop runs the corrector then the predictor at each
 * time and returns the last predictor's mean (noise_removal). Independent of the solvers under test.
 */
final class ScoreSdeReference {

    private ScoreSdeReference() {}

    /** The score s(x, t). */
    interface Score extends BiFunction<NDArray, Double, NDArray> {}

    /** An SDE dx = f(x, t) dt + g(t) dW: VPSDE or VESDE. */
    interface Sde {
        NDArray drift(NDArray x, double t);

        double diffusion(double t);

        /** The discretization of step t -> next: f_i(x) and G_i (SDE.discretize / DDPM / SMLD). */
        NDArray discreteDrift(NDArray x, double t, double next);

        double discreteDiffusion(double t, double next);

        /** The Langevin corrector's alpha at this step (1 for VE, alphas[i] = 1 - beta_i for VP). */
        double langevinAlpha(double t, double next);
    }

    /**
     * VPSDE(beta_min, beta_max): f = -beta(t) x / 2, g = sqrt(beta(t)); DDPM discretization with
     * beta_i = 1 - alphas_cumprod(t_i)/alphas_cumprod(t_{i+1}) for our grid (score SDE: linspace(b0/N, b1/N, N)),
     * f_i = (sqrt(1 - beta_i) - 1) x, G_i = sqrt(beta_i).
     */
    static Sde vp(double b0, double b1, DoubleUnaryOperator alphasCumprod) {
        return new Sde() {
            double beta(double t) {
                return b0 + t * (b1 - b0);
            }

            double discreteBeta(double t, double next) {
                return 1 - alphasCumprod.applyAsDouble(t) / alphasCumprod.applyAsDouble(next);
            }

            @Override public NDArray drift(NDArray x, double t) { return x.mul(-0.5 * beta(t)); }
            @Override public double diffusion(double t) { return Math.sqrt(beta(t)); }
            @Override public NDArray discreteDrift(NDArray x, double t, double next) {
                return x.mul(Math.sqrt(1 - discreteBeta(t, next))).sub(x);
            }
            @Override public double discreteDiffusion(double t, double next) {
                return Math.sqrt(discreteBeta(t, next));
            }
            @Override public double langevinAlpha(double t, double next) { return 1 - discreteBeta(t, next); }
        };
    }

    /** VESDE with sigma(t): f = 0, g = sqrt(d sigma^2/dt); SMLD discretization G_i = sqrt(sigma_i^2 - sigma_{i+1}^2). */
    static Sde ve(DoubleUnaryOperator sigma, DoubleUnaryOperator sigmaDot) {
        return new Sde() {
            @Override public NDArray drift(NDArray x, double t) { return x.mul(0.0); }
            @Override public double diffusion(double t) {
                return Math.sqrt(2 * sigma.applyAsDouble(t) * sigmaDot.applyAsDouble(t));
            }
            @Override public NDArray discreteDrift(NDArray x, double t, double next) { return x.mul(0.0); }
            @Override public double discreteDiffusion(double t, double next) {
                double s = sigma.applyAsDouble(t);
                double a = sigma.applyAsDouble(next);
                return Math.sqrt(s * s - a * a);
            }
            @Override public double langevinAlpha(double t, double next) { return 1; }
        };
    }

    /** EulerMaruyamaPredictor over the grid (dt = t_{i+1} - t_i &lt; 0), noise on every step. */
    static NDArray eulerMaruyama(Sde sde, Score score, NDArray x, double[] t, UnaryOperator<NDArray> noise) {
        for (int i = 0; i < t.length - 1; i++) {
            double dt = t[i + 1] - t[i];
            double g = sde.diffusion(t[i]);
            NDArray reverseDrift = sde.drift(x, t[i]).sub(score.apply(x, t[i]).mul(g * g));
            NDArray xMean = x.add(reverseDrift.mul(dt));
            x = xMean.add(noise.apply(x).mul(g * Math.sqrt(-dt)));
        }
        return x;
    }

    private static double meanRowNorm(NDArray a) {
        return a.reshape(a.getShape().get(0), -1).norm(new int[] {1}).mean().getDouble();
    }

    /** get_pc_sampler with ReverseDiffusionPredictor and LangevinCorrector(snr, n_steps), noise_removal. */
    static NDArray pc(Sde sde, Score score, NDArray x, double[] t, double snr, int nSteps,
            UnaryOperator<NDArray> noise) {
        int n = t.length - 1;
        for (int i = 0; i < n; i++) {
            double alpha = sde.langevinAlpha(t[i], t[i + 1]);
            for (int k = 0; k < nSteps; k++) {
                NDArray grad = score.apply(x, t[i]);
                NDArray z = noise.apply(x);
                double gradNorm = meanRowNorm(grad);
                double noiseNorm = meanRowNorm(z);
                double stepSize = Math.pow(snr * noiseNorm / gradNorm, 2) * 2 * alpha;
                NDArray xMean = x.add(grad.mul(stepSize));
                x = xMean.add(z.mul(Math.sqrt(stepSize * 2)));
            }
            double g = sde.discreteDiffusion(t[i], t[i + 1]);
            NDArray reverseF = sde.discreteDrift(x, t[i], t[i + 1]).sub(score.apply(x, t[i]).mul(g * g));
            NDArray xMean = x.sub(reverseF);
            x = i == n - 1 ? xMean : xMean.add(noise.apply(x).mul(g));
        }
        return x;
    }
}
