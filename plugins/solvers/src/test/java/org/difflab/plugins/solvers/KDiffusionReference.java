package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.function.BiFunction;

/**
 * k-diffusion's samplers (crowsonkb/k-diffusion, k_diffusion/sampling.py), re-derived from their published
 * formulas in k-diffusion's own convention: the state is x~ = x/alpha ("VE form"), sigma is EDM's noise level,
 * the model is the denoiser D(x~; sigma), and t = -log sigma. Independent of the solvers under test: no
 * Conversions, no process, only the sigma grid.
 */
final class KDiffusionReference {

    private KDiffusionReference() {}

    /** D(x~; sigma). */
    interface SigmaDenoiser extends BiFunction<NDArray, Double, NDArray> {}

    private static double t(double sigma) {
        return -Math.log(sigma);
    }

    /** sample_dpmpp_2m. */
    static NDArray dpmpp2m(SigmaDenoiser model, NDArray x, double[] sigmas) {
        NDArray old = null;
        for (int i = 0; i < sigmas.length - 1; i++) {
            NDArray denoised = model.apply(x, sigmas[i]);
            double t = t(sigmas[i]);
            double tNext = t(sigmas[i + 1]);
            double h = tNext - t;
            if (old == null || sigmas[i + 1] == 0) {
                x = x.mul(Math.exp(-tNext) / Math.exp(-t)).sub(denoised.mul(Math.expm1(-h)));
            } else {
                double hLast = t - t(sigmas[i - 1]);
                double r = hLast / h;
                NDArray denoisedD = denoised.mul(1 + 1 / (2 * r)).sub(old.mul(1 / (2 * r)));
                x = x.mul(Math.exp(-tNext) / Math.exp(-t)).sub(denoisedD.mul(Math.expm1(-h)));
            }
            old = denoised;
        }
        return x;
    }

    /** sample_dpmpp_3m_sde with eta = 0 (deterministic), exactly as published: {@code x + phi_2 d1 - phi_3 d2}. */
    static NDArray dpmpp3m(SigmaDenoiser model, NDArray x, double[] sigmas) {
        NDArray denoised1 = null;
        NDArray denoised2 = null;
        Double h = null;
        Double h1 = null;
        Double h2 = null;
        for (int i = 0; i < sigmas.length - 1; i++) {
            NDArray denoised = model.apply(x, sigmas[i]);
            if (sigmas[i + 1] == 0) {
                x = denoised;
            } else {
                double t = -Math.log(sigmas[i]);
                double s = -Math.log(sigmas[i + 1]);
                h = s - t;
                double hEta = h; // eta = 0
                x = x.mul(Math.exp(-hEta)).add(denoised.mul(-Math.expm1(-hEta)));
                if (h2 != null) {
                    double r0 = h1 / h;
                    double r1 = h2 / h;
                    NDArray d10 = denoised.sub(denoised1).div(r0);
                    NDArray d11 = denoised1.sub(denoised2).div(r1);
                    NDArray d1 = d10.add(d10.sub(d11).mul(r0 / (r0 + r1)));
                    NDArray d2 = d10.sub(d11).div(r0 + r1);
                    double phi2 = Math.expm1(-hEta) / hEta + 1;
                    double phi3 = phi2 / hEta - 0.5;
                    x = x.add(d1.mul(phi2)).sub(d2.mul(phi3));
                } else if (h1 != null) {
                    double r = h1 / h;
                    NDArray d = denoised.sub(denoised1).div(r);
                    double phi2 = Math.expm1(-hEta) / hEta + 1;
                    x = x.add(d.mul(phi2));
                }
            }
            denoised2 = denoised1;
            denoised1 = denoised;
            h2 = h1;
            h1 = h;
        }
        return x;
    }

    /** get_ancestral_step: (sigma_down, sigma_up). */
    static double[] ancestralStep(double sigmaFrom, double sigmaTo, double eta) {
        if (eta == 0) {
            return new double[] {sigmaTo, 0};
        }
        double up = Math.min(sigmaTo, eta * Math.sqrt(sigmaTo * sigmaTo * (sigmaFrom * sigmaFrom - sigmaTo * sigmaTo)
                / (sigmaFrom * sigmaFrom)));
        return new double[] {Math.sqrt(sigmaTo * sigmaTo - up * up), up};
    }

    /** sample_euler_ancestral; noise is drawn where sigma_{i+1} &gt; 0, as k-diffusion does. */
    static NDArray eulerAncestral(SigmaDenoiser model, NDArray x, double[] sigmas, double eta, double sNoise,
            java.util.function.UnaryOperator<NDArray> noise) {
        for (int i = 0; i < sigmas.length - 1; i++) {
            NDArray denoised = model.apply(x, sigmas[i]);
            double[] split = ancestralStep(sigmas[i], sigmas[i + 1], eta);
            NDArray d = x.sub(denoised).div(sigmas[i]);
            x = x.add(d.mul(split[0] - sigmas[i]));
            if (sigmas[i + 1] > 0) {
                x = x.add(noise.apply(x).mul(sNoise * split[1]));
            }
        }
        return x;
    }

    /** sample_dpmpp_2s_ancestral (eta = 0: the deterministic DPM-Solver++(2S)). */
    static NDArray dpmpp2sAncestral(SigmaDenoiser model, NDArray x, double[] sigmas, double eta, double sNoise,
            java.util.function.UnaryOperator<NDArray> noise) {
        for (int i = 0; i < sigmas.length - 1; i++) {
            NDArray denoised = model.apply(x, sigmas[i]);
            double[] split = ancestralStep(sigmas[i], sigmas[i + 1], eta);
            if (split[0] == 0) {
                NDArray d = x.sub(denoised).div(sigmas[i]);
                x = x.add(d.mul(split[0] - sigmas[i]));
            } else {
                double t = t(sigmas[i]);
                double tNext = t(split[0]);
                double h = tNext - t;
                double s = t + 0.5 * h;
                NDArray x2 = x.mul(Math.exp(-s) / Math.exp(-t)).sub(denoised.mul(Math.expm1(-0.5 * h)));
                NDArray denoised2 = model.apply(x2, Math.exp(-s));
                x = x.mul(Math.exp(-tNext) / Math.exp(-t)).sub(denoised2.mul(Math.expm1(-h)));
            }
            if (sigmas[i + 1] > 0 && eta > 0) {
                x = x.add(noise.apply(x).mul(sNoise * split[1]));
            }
        }
        return x;
    }

    /**
     * sample_dpmpp_2m_sde with solver_type midpoint or heun; noise (where eta &gt; 0 and sigma_{i+1} &gt; 0) from
     * {@code noise} in place of the Brownian tree's normalized increments.
     */
    static NDArray dpmpp2mSde(SigmaDenoiser model, NDArray x, double[] sigmas, double eta, double sNoise,
            boolean heun, java.util.function.UnaryOperator<NDArray> noise) {
        NDArray old = null;
        Double hLast = null;
        for (int i = 0; i < sigmas.length - 1; i++) {
            NDArray denoised = model.apply(x, sigmas[i]);
            Double h = null;
            if (sigmas[i + 1] == 0) {
                x = denoised;
            } else {
                double t = -Math.log(sigmas[i]);
                double s = -Math.log(sigmas[i + 1]);
                h = s - t;
                double etaH = eta * h;
                x = x.mul(sigmas[i + 1] / sigmas[i] * Math.exp(-etaH)).add(denoised.mul(-Math.expm1(-h - etaH)));
                if (old != null) {
                    double r = hLast / h;
                    double weight = heun ? -Math.expm1(-h - etaH) / (-h - etaH) + 1 : 0.5 * -Math.expm1(-h - etaH);
                    x = x.add(denoised.sub(old).mul(weight / r));
                }
                if (eta != 0) {
                    x = x.add(noise.apply(x).mul(sigmas[i + 1] * Math.sqrt(-Math.expm1(-2 * etaH)) * sNoise));
                }
            }
            old = denoised;
            hLast = h;
        }
        return x;
    }

    /**
     * sample_dpmpp_3m_sde, with the third-order term {@code - factor phi_3 d2}: factor 1 as published, 2 the
     * exponential integrator's weight. Noise as in {@link #dpmpp2mSde}.
     */
    static NDArray dpmpp3mSde(SigmaDenoiser model, NDArray x, double[] sigmas, double eta, double sNoise,
            double factor, java.util.function.UnaryOperator<NDArray> noise) {
        NDArray denoised1 = null;
        NDArray denoised2 = null;
        Double h1 = null;
        Double h2 = null;
        for (int i = 0; i < sigmas.length - 1; i++) {
            NDArray denoised = model.apply(x, sigmas[i]);
            Double h = null;
            if (sigmas[i + 1] == 0) {
                x = denoised;
            } else {
                h = -Math.log(sigmas[i + 1]) + Math.log(sigmas[i]);
                double hEta = h * (eta + 1);
                x = x.mul(Math.exp(-hEta)).add(denoised.mul(-Math.expm1(-hEta)));
                double phi2 = Math.expm1(-hEta) / hEta + 1;
                if (h2 != null) {
                    double r0 = h1 / h;
                    double r1 = h2 / h;
                    NDArray d10 = denoised.sub(denoised1).div(r0);
                    NDArray d11 = denoised1.sub(denoised2).div(r1);
                    NDArray d1 = d10.add(d10.sub(d11).mul(r0 / (r0 + r1)));
                    NDArray d2 = d10.sub(d11).div(r0 + r1);
                    double phi3 = phi2 / hEta - 0.5;
                    x = x.add(d1.mul(phi2)).sub(d2.mul(factor * phi3));
                } else if (h1 != null) {
                    x = x.add(denoised.sub(denoised1).div(h1 / h).mul(phi2));
                }
                if (eta != 0) {
                    x = x.add(noise.apply(x).mul(sigmas[i + 1] * Math.sqrt(-Math.expm1(-2 * h * eta)) * sNoise));
                }
            }
            denoised2 = denoised1;
            denoised1 = denoised;
            h2 = h1;
            h1 = h;
        }
        return x;
    }

    /**
     * sample_dpmpp_sde with its default BrownianTreeNoiseSampler replaced by the same joint law: the normalized
     * increments over [sigma_s, sigma_i] and [sigma_{i+1}, sigma_i] are n1 and c n1 + sqrt(1 - c^2) n', with
     * c = sqrt((sigma_i - sigma_s)/(sigma_i - sigma_{i+1})), n1 and n' drawn in that order from {@code noise}.
     */
    static NDArray dpmppSde(SigmaDenoiser model, NDArray x, double[] sigmas, double eta, double sNoise, double r,
            java.util.function.UnaryOperator<NDArray> noise) {
        for (int i = 0; i < sigmas.length - 1; i++) {
            NDArray denoised = model.apply(x, sigmas[i]);
            if (sigmas[i + 1] == 0) {
                NDArray d = x.sub(denoised).div(sigmas[i]);
                x = x.add(d.mul(sigmas[i + 1] - sigmas[i]));
                continue;
            }
            double t = t(sigmas[i]);
            double tNext = t(sigmas[i + 1]);
            double h = tNext - t;
            double s = t + h * r;
            double fac = 1 / (2 * r);
            double[] split = ancestralStep(Math.exp(-t), Math.exp(-s), eta);
            double sLow = t(split[0]);
            NDArray x2 = x.mul(Math.exp(-sLow) / Math.exp(-t)).sub(denoised.mul(Math.expm1(t - sLow)));
            NDArray n1 = null;
            if (eta > 0) {
                n1 = noise.apply(x);
                x2 = x2.add(n1.mul(sNoise * split[1]));
            }
            NDArray denoised2 = model.apply(x2, Math.exp(-s));
            split = ancestralStep(Math.exp(-t), Math.exp(-tNext), eta);
            double tNextLow = t(split[0]);
            NDArray denoisedD = denoised.mul(1 - fac).add(denoised2.mul(fac));
            x = x.mul(Math.exp(-tNextLow) / Math.exp(-t)).sub(denoisedD.mul(Math.expm1(t - tNextLow)));
            if (eta > 0) {
                double c = Math.sqrt((sigmas[i] - Math.exp(-s)) / (sigmas[i] - sigmas[i + 1]));
                NDArray n2 = n1.mul(c).add(noise.apply(x).mul(Math.sqrt(1 - c * c)));
                x = x.add(n2.mul(sNoise * split[1]));
            }
        }
        return x;
    }

    /**
     * LuChengTHU/dpm-solver's multistep sampler with algorithm_type "dpmsolver" (noise prediction), in x~ (alpha = 1,
     * sigma the noise level): order-1 first step, order-2 second (dpmsolver or taylor form), then
     * multistep_dpm_solver_third_update with {@code - sigma_t phi_3 D2} scaled by {@code factor} (1 as published).
     * The grid must end above sigma = 0.
     */
    static NDArray dpmSolverMultistep(SigmaDenoiser model, NDArray x, double[] sigmas, int order, boolean taylor,
            double factor) {
        java.util.List<NDArray> models = new java.util.ArrayList<>();
        for (int i = 0; i < sigmas.length - 1; i++) {
            models.add(0, eps(model, x, t(sigmas[i])));
            double lambda = t(sigmas[i]);
            double h = t(sigmas[i + 1]) - lambda;
            double sigmaT = sigmas[i + 1];
            double phi1 = Math.expm1(h);
            int k = Math.min(order, i + 1);
            NDArray m0 = models.get(0);
            if (k == 1) {
                x = x.sub(m0.mul(sigmaT * phi1));
            } else if (k == 2) {
                double r0 = (lambda - t(sigmas[i - 1])) / h;
                NDArray d10 = m0.sub(models.get(1)).div(r0);
                double w = taylor ? phi1 / h - 1 : 0.5 * phi1;
                x = x.sub(m0.mul(sigmaT * phi1)).sub(d10.mul(sigmaT * w));
            } else {
                double h0 = lambda - t(sigmas[i - 1]);
                double h1 = t(sigmas[i - 1]) - t(sigmas[i - 2]);
                double r0 = h0 / h;
                double r1 = h1 / h;
                NDArray d10 = m0.sub(models.get(1)).div(r0);
                NDArray d11 = models.get(1).sub(models.get(2)).div(r1);
                NDArray d1 = d10.add(d10.sub(d11).mul(r0 / (r0 + r1)));
                NDArray d2 = d10.sub(d11).div(r0 + r1);
                double phi2 = phi1 / h - 1;
                double phi3 = phi2 / h - 0.5;
                x = x.sub(m0.mul(sigmaT * phi1)).sub(d1.mul(sigmaT * phi2)).sub(d2.mul(sigmaT * factor * phi3));
            }
        }
        return x;
    }

    private static NDArray eps(SigmaDenoiser model, NDArray x, double t) {
        double sigma = Math.exp(-t);
        return x.sub(model.apply(x, sigma)).div(sigma);
    }

    /** DPMSolver.dpm_solver_{1,2,3}_step on each interval of the grid (which must end above sigma = 0). */
    static NDArray dpmSolver(SigmaDenoiser model, NDArray x, double[] sigmas, int order) {
        for (int i = 0; i < sigmas.length - 1; i++) {
            double t = t(sigmas[i]);
            double tNext = t(sigmas[i + 1]);
            double h = tNext - t;
            NDArray eps = eps(model, x, t);
            if (order == 1) {
                x = x.sub(eps.mul(Math.exp(-tNext) * Math.expm1(h)));
            } else if (order == 2) {
                double r1 = 0.5;
                double s1 = t + r1 * h;
                NDArray u1 = x.sub(eps.mul(Math.exp(-s1) * Math.expm1(r1 * h)));
                NDArray epsR1 = eps(model, u1, s1);
                x = x.sub(eps.mul(Math.exp(-tNext) * Math.expm1(h)))
                        .sub(epsR1.sub(eps).mul(Math.exp(-tNext) / (2 * r1) * Math.expm1(h)));
            } else {
                double r1 = 1.0 / 3;
                double r2 = 2.0 / 3;
                double s1 = t + r1 * h;
                double s2 = t + r2 * h;
                NDArray u1 = x.sub(eps.mul(Math.exp(-s1) * Math.expm1(r1 * h)));
                NDArray epsR1 = eps(model, u1, s1);
                NDArray u2 = x.sub(eps.mul(Math.exp(-s2) * Math.expm1(r2 * h)))
                        .sub(epsR1.sub(eps).mul(Math.exp(-s2) * (r2 / r1) * (Math.expm1(r2 * h) / (r2 * h) - 1)));
                NDArray epsR2 = eps(model, u2, s2);
                x = x.sub(eps.mul(Math.exp(-tNext) * Math.expm1(h)))
                        .sub(epsR2.sub(eps).mul(Math.exp(-tNext) / r2 * (Math.expm1(h) / h - 1)));
            }
        }
        return x;
    }

    /**
     * sample_lms: x += sum_j c_j d_{i-j}, c_j = int_{sigma_i}^{sigma_{i+1}} l_j. k-diffusion integrates l_j with
     * scipy's quad (epsrel 1e-4); here 4-point Gauss-Legendre, exact for the basis's degree &lt;= 7.
     */
    static NDArray lms(SigmaDenoiser model, NDArray x, double[] sigmas, int order) {
        java.util.List<NDArray> ds = new java.util.ArrayList<>();
        for (int i = 0; i < sigmas.length - 1; i++) {
            NDArray denoised = model.apply(x, sigmas[i]);
            ds.add(x.sub(denoised).div(sigmas[i])); // to_d
            if (ds.size() > order) {
                ds.remove(0);
            }
            int cur = Math.min(i + 1, order);
            NDArray sum = null;
            for (int j = 0; j < cur; j++) {
                double c = lagrangeIntegral(cur, sigmas, i, j);
                NDArray term = ds.get(ds.size() - 1 - j).mul(c);
                sum = sum == null ? term : sum.add(term);
            }
            x = x.add(sum);
        }
        return x;
    }

    private static final double[] GL_NODES = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
        0.8611363115940526};
    private static final double[] GL_WEIGHTS = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
        0.3478548451374538};

    /** linear_multistep_coeff(order, t, i, j). */
    private static double lagrangeIntegral(int order, double[] t, int i, int j) {
        double a = t[i];
        double b = t[i + 1];
        double sum = 0;
        for (int q = 0; q < GL_NODES.length; q++) {
            double tau = 0.5 * (a + b) + 0.5 * (b - a) * GL_NODES[q];
            double prod = 1;
            for (int k = 0; k < order; k++) {
                if (k != j) {
                    prod *= (tau - t[i - k]) / (t[i - j] - t[i - k]);
                }
            }
            sum += GL_WEIGHTS[q] * prod;
        }
        return 0.5 * (b - a) * sum;
    }
}
