package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * UniPC's multistep sampler (wl-zhao/UniPC uni_pc.py, UniPC.sample with method 'multistep' and
 * multistep_uni_pc_bh_update, data prediction), re-derived from the paper's equations in EDM's convention: the state
 * is x~ = x/alpha, sigma is the noise level, lambda = -log sigma, and the model is D(x~; sigma). Loop structure as
 * published: each update predicts x at the next time, evaluates the model there and corrects with that value; the
 * evaluation becomes the newest history entry. Independent of the solver under test (its own order conditions and
 * a Cramer's-rule solve).
 */
final class UniPcReference {

    private UniPcReference() {}

    /**
     * @param sigmas a grid of noise levels, all &gt; 0 (the reference's t_0 &gt; 0)
     * @param bh1 B(h) = hh (true) or e^{hh} - 1, hh = -h
     */
    static NDArray sample(KDiffusionReference.SigmaDenoiser model, NDArray x, double[] sigmas, int order, boolean bh1,
            boolean corrector, boolean lowerOrderFinal) {
        int steps = sigmas.length - 1;
        List<NDArray> models = new ArrayList<>();
        List<Double> lambdas = new ArrayList<>();
        models.add(model.apply(x, sigmas[0]));
        lambdas.add(-Math.log(sigmas[0]));
        for (int step = 1; step <= steps; step++) {
            int stepOrder = step < order ? step : lowerOrderFinal ? Math.min(order, steps + 1 - step) : order;
            boolean correct = corrector && step < steps;
            double lambdaT = -Math.log(sigmas[step]);
            NDArray[] out = update(model, x, models, lambdas, lambdaT, sigmas[step], stepOrder, bh1, correct);
            x = out[0];
            if (step < steps) {
                models.add(out[1] != null ? out[1] : model.apply(x, sigmas[step]));
                lambdas.add(lambdaT);
            }
        }
        return x;
    }

    /** multistep_uni_pc_bh_update with predict_x0: returns {x_t, model_t or null}. */
    private static NDArray[] update(KDiffusionReference.SigmaDenoiser model, NDArray x, List<NDArray> models,
            List<Double> lambdas, double lambdaT, double sigmaT, int order, boolean bh1, boolean correct) {
        int last = models.size() - 1;
        NDArray m0 = models.get(last);
        double lambda0 = lambdas.get(last);
        double h = lambdaT - lambda0;
        double[] rks = new double[order];
        NDArray[] d1s = new NDArray[order - 1];
        for (int i = 1; i < order; i++) {
            rks[i - 1] = (lambdas.get(last - i) - lambda0) / h;
            d1s[i - 1] = models.get(last - i).sub(m0).div(rks[i - 1]);
        }
        rks[order - 1] = 1;
        double hh = -h;
        double hPhi1 = Math.expm1(hh);
        double hPhiK = hPhi1 / hh - 1;
        double factorial = 1;
        double bH = bh1 ? hh : Math.expm1(hh);
        double[] b = new double[order];
        double[][] r = new double[order][order];
        for (int i = 1; i <= order; i++) {
            for (int k = 0; k < order; k++) {
                r[i - 1][k] = Math.pow(rks[k], i - 1);
            }
            b[i - 1] = hPhiK * factorial / bH;
            factorial *= i + 1;
            hPhiK = hPhiK / hh - 1 / factorial;
        }
        // x_t_ = sigma_t/sigma_prev x - alpha_t h_phi_1 model_prev_0, in x~ (alpha = 1)
        NDArray base = x.mul(sigmaT * Math.exp(lambda0)).sub(m0.mul(hPhi1));
        NDArray xt = base;
        if (order >= 2) {
            double[] rhosP = order == 2 ? new double[] {0.5} : cramer(r, b, order - 1);
            NDArray pred = null;
            for (int k = 0; k < order - 1; k++) {
                NDArray term = d1s[k].mul(rhosP[k]);
                pred = pred == null ? term : pred.add(term);
            }
            xt = base.sub(pred.mul(bH));
        }
        if (!correct) {
            return new NDArray[] {xt, null};
        }
        double[] rhosC = order == 1 ? new double[] {0.5} : cramer(r, b, order);
        NDArray modelT = model.apply(xt, sigmaT);
        NDArray corr = modelT.sub(m0).mul(rhosC[order - 1]);
        for (int k = 0; k < order - 1; k++) {
            corr = corr.add(d1s[k].mul(rhosC[k]));
        }
        return new NDArray[] {base.sub(corr.mul(bH)), modelT};
    }

    /** The leading n x n system r a = b by Cramer's rule (n &le; 3). */
    private static double[] cramer(double[][] r, double[] b, int n) {
        double det = det(r, n, -1, null);
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = det(r, n, k, b) / det;
        }
        return a;
    }

    /** Determinant of the leading n x n block, with column {@code replace} replaced by b if replace &ge; 0. */
    private static double det(double[][] r, int n, int replace, double[] b) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                m[i][k] = k == replace ? b[i] : r[i][k];
            }
        }
        if (n == 1) {
            return m[0][0];
        }
        if (n == 2) {
            return m[0][0] * m[1][1] - m[0][1] * m[1][0];
        }
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }
}
