package org.difflab.plugins.metrics;

import ai.djl.ndarray.NDArray;
import org.difflab.api.sampling.ButcherTableau;
import org.difflab.api.sampling.DormandPrince;
import org.difflab.api.sampling.StepScope;

/**
 * Integrates y' = f(t, y) from t0 to t1 with the Dormand-Prince 5(4) pair and SciPy's solve_ivp(method='RK45') step
 * control, which score SDE's likelihood uses: the error h sum_j E_j k_j is scaled per entry by atol + rtol max(|y|,
 * |y_new|) and measured in the RMS norm over the whole state (every point of the batch and its accumulators, as
 * score SDE flattens the batch into one system); a step is accepted below 1; the next h is h min(10, max(0.2,
 * 0.9 err^(-1/5))), not growing right after a rejection. The first step is Hairer's initial step selection.
 */
final class AdaptiveDormandPrince {

    /** The right-hand side f(t, y). */
    @FunctionalInterface
    interface System {
        NDArray derivative(double t, NDArray y);
    }

    private static final ButcherTableau METHOD = DormandPrince.TABLEAU;
    private static final double[] C = METHOD.c();
    private static final double[][] A = METHOD.a();
    private static final double[] B = METHOD.b();
    private static final double[] ERROR = DormandPrince.errorWeights();
    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 10;
    private static final double ERROR_EXPONENT = -1.0 / 5;

    private final double rtol;
    private final double atol;
    private final int maxEvaluations;
    private int evaluations;

    AdaptiveDormandPrince(double rtol, double atol, int maxEvaluations) {
        this.rtol = rtol;
        this.atol = atol;
        this.maxEvaluations = maxEvaluations;
    }

    /** Evaluations of f in the last {@link #integrate}. */
    int evaluations() {
        return evaluations;
    }

    /** y(t1) from y(t0) = y0 (t1 &gt; t0); the caller owns the result. */
    NDArray integrate(System f, double t0, double t1, NDArray y0) {
        evaluations = 0;
        NDArray y = y0.duplicate();
        NDArray slope;
        double h;
        try (StepScope scope = new StepScope()) {
            slope = scope.keep(evaluate(f, t0, y));
            h = initialStep(f, t0, t1, y, slope);
        }
        double t = t0;
        boolean rejected = false;
        while (t < t1) {
            double minStep = 10 * Math.ulp(t);
            if (h < minStep) {
                throw new IllegalStateException("the likelihood ODE's step size fell below " + minStep + " at t = " + t
                        + "; loosen rtol=" + rtol + " / atol=" + atol);
            }
            double tNew = Math.min(t + h, t1);
            double size = tNew - t;
            if (evaluations + 6 > maxEvaluations) {
                throw new IllegalStateException("the likelihood ODE would exceed max_nfe=" + maxEvaluations + " at t = "
                        + t + " of [" + t0 + ", " + t1 + "]; loosen rtol/atol or raise max_nfe");
            }
            double errorNorm;
            NDArray yNew;
            NDArray slopeNew;
            try (StepScope scope = new StepScope()) {
                NDArray[] k = new NDArray[7];
                k[0] = slope;
                for (int s = 1; s < 6; s++) {
                    NDArray dy = k[0].mul(A[s][0] * size);
                    for (int j = 1; j < s; j++) {
                        dy = dy.add(k[j].mul(A[s][j] * size));
                    }
                    k[s] = evaluate(f, t + C[s] * size, y.add(dy));
                }
                NDArray dy = k[0].mul(B[0] * size);
                for (int j = 2; j < 6; j++) {
                    dy = dy.add(k[j].mul(B[j] * size));
                }
                yNew = y.add(dy);
                k[6] = evaluate(f, tNew, yNew);
                NDArray error = k[0].mul(ERROR[0] * size);
                for (int j = 2; j < 7; j++) {
                    error = error.add(k[j].mul(ERROR[j] * size));
                }
                NDArray scale = y.abs().maximum(yNew.abs()).mul(rtol).add(atol);
                errorNorm = rms(error.div(scale));
                slopeNew = k[6];
                if (errorNorm < 1) {
                    scope.keep(yNew);
                    scope.keep(slopeNew);
                }
            }
            if (errorNorm < 1) {
                double factor = errorNorm == 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * Math.pow(errorNorm,
                        ERROR_EXPONENT));
                h *= rejected ? Math.min(1, factor) : factor;
                rejected = false;
                y.close();
                slope.close();
                y = yNew;
                slope = slopeNew;
                t = tNew;
            } else {
                h *= Math.max(MIN_FACTOR, SAFETY * Math.pow(errorNorm, ERROR_EXPONENT));
                rejected = true;
            }
        }
        slope.close();
        return y;
    }

    private NDArray evaluate(System f, double t, NDArray y) {
        evaluations++;
        return f.derivative(t, y);
    }

    /** Hairer, Norsett and Wanner's initial step (SciPy's select_initial_step), one extra evaluation. */
    private double initialStep(System f, double t0, double t1, NDArray y, NDArray slope) {
        double interval = t1 - t0;
        NDArray scale = y.abs().mul(rtol).add(atol);
        double d0 = rms(y.div(scale));
        double d1 = rms(slope.div(scale));
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, interval);
        NDArray slope1 = evaluate(f, t0 + h0, y.add(slope.mul(h0)));
        double d2 = rms(slope1.sub(slope).div(scale)) / h0;
        double h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3)
                : Math.pow(0.01 / Math.max(d1, d2), 1.0 / 5);
        return Math.min(Math.min(100 * h0, h1), interval);
    }

    private static double rms(NDArray a) {
        return Math.sqrt(a.square().mean().getDouble());
    }
}
