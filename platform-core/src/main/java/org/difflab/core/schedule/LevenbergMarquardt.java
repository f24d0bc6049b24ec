package org.difflab.core.schedule;

import java.util.function.Function;

/**
 * Levenberg-Marquardt for nonlinear least squares, min_p sum_m r_m(p)^2 (Levenberg 1944, Marquardt 1963; Nocedal
 * and Wright, Numerical Optimization, 2nd ed., section 10.3), with a forward-difference Jacobian J. Each step solves
 * (J^T J + mu diag(J^T J)) d = -J^T r (Marquardt's scaling, so the step does not depend on the units of each
 * parameter) and is taken if it lowers the sum of squares: then mu shrinks (toward Gauss-Newton), else it grows
 * (toward a short gradient step) and the step is tried again. A residual vector with a non-finite entry counts as
 * +infinity: such a step is never taken.
 */
public final class LevenbergMarquardt {

    /** The best point, its sum of squares, and the residual evaluations spent. */
    public record Result(double[] point, double sumOfSquares, int evaluations) {}

    /** Relative forward-difference step: about sqrt of double's epsilon for residuals accurate to ~1e-14. */
    static final double DIFFERENCE_STEP = 1e-6;

    private LevenbergMarquardt() {}

    /**
     * @param residuals r(p); null or a non-finite entry where r is not defined
     * @param evaluations the budget of residual evaluations (one Jacobian costs p.length of them)
     * @param tolerance stop when an accepted step lowers the sum of squares by less than this fraction
     */
    public static Result minimize(Function<double[], double[]> residuals, double[] start, int evaluations,
            double tolerance) {
        int n = start.length;
        double[] p = start.clone();
        double[] r = residuals.apply(p);
        int used = 1;
        double f = sumOfSquares(r);
        if (n == 0 || !Double.isFinite(f)) {
            return new Result(p, f, used);
        }
        double mu = 1e-3;
        while (used + n + 1 <= evaluations) {
            double[][] jacobian = new double[n][];   // columns dr/dp_j
            for (int j = 0; j < n; j++) {
                double step = DIFFERENCE_STEP * Math.max(1.0, Math.abs(p[j]));
                double[] q = p.clone();
                q[j] += step;
                double[] rq = residuals.apply(q);
                used++;
                if (!Double.isFinite(sumOfSquares(rq))) {   // one-sided on the other side
                    step = -step;
                    q[j] = p[j] + step;
                    rq = residuals.apply(q);
                    used++;
                }
                double[] column = new double[r.length];
                if (Double.isFinite(sumOfSquares(rq))) {
                    for (int m = 0; m < r.length; m++) {
                        column[m] = (rq[m] - r[m]) / step;
                    }
                }
                jacobian[j] = column;
            }
            double[][] a = new double[n][n];
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i][j] = a[j][i] = dot(jacobian[i], jacobian[j]);
                }
                g[i] = dot(jacobian[i], r);
            }
            double largest = 0;
            for (int i = 0; i < n; i++) {
                largest = Math.max(largest, a[i][i]);
            }
            if (largest == 0) {
                break;   // r does not depend on p here
            }
            boolean accepted = false;
            while (!accepted && used < evaluations && mu < 1e12) {
                double[][] damped = new double[n][];
                for (int i = 0; i < n; i++) {
                    damped[i] = a[i].clone();
                    damped[i][i] += mu * Math.max(a[i][i], 1e-12 * largest);
                }
                double[] d = solve(damped, g);
                double[] q = p.clone();
                for (int i = 0; i < n; i++) {
                    q[i] -= d[i];
                }
                double[] rq = residuals.apply(q);
                used++;
                double fq = sumOfSquares(rq);
                if (fq < f) {
                    accepted = true;
                    double decrease = (f - fq) / f;
                    p = q;
                    r = rq;
                    f = fq;
                    mu = Math.max(mu / 3, 1e-12);
                    if (decrease < tolerance) {
                        return new Result(p, f, used);
                    }
                } else {
                    mu *= 4;
                }
            }
            if (!accepted) {
                break;   // no step lowers the sum of squares: a minimum to the accuracy of the Jacobian
            }
        }
        return new Result(p, f, used);
    }

    /** The sum of squares; +infinity for null or any non-finite entry. */
    static double sumOfSquares(double[] r) {
        if (r == null) {
            return Double.POSITIVE_INFINITY;
        }
        double sum = 0;
        for (double v : r) {
            sum += v * v;
        }
        return Double.isFinite(sum) ? sum : Double.POSITIVE_INFINITY;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Solves the symmetric positive definite system a x = b by Cholesky factorisation (a is overwritten). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int j = 0; j < n; j++) {
            double diagonal = a[j][j];
            for (int k = 0; k < j; k++) {
                diagonal -= a[j][k] * a[j][k];
            }
            a[j][j] = Math.sqrt(Math.max(diagonal, 1e-300));
            for (int i = j + 1; i < n; i++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= a[i][k] * a[j][k];
                }
                a[i][j] = sum / a[j][j];
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= a[i][k] * y[k];
            }
            y[i] = sum / a[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) {
                sum -= a[k][i] * x[k];
            }
            x[i] = sum / a[i][i];
        }
        return x;
    }
}
