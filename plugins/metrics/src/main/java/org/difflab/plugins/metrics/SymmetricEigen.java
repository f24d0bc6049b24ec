package org.difflab.plugins.metrics;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by cyclic Jacobi rotations (Golub &amp; Van Loan, Matrix
 * Computations, 4th ed., Algorithm 8.5.3): each rotation zeroes one off-diagonal pair, and sweeps repeat until the
 * off-diagonal mass is negligible against the diagonal. Accurate to a few ulps of the largest eigenvalue; O(d^3) per
 * sweep, a handful of sweeps, which suits the feature dimensions of sample metrics (up to a few hundred).
 *
 * @param values the eigenvalues, [d]
 * @param vectors the eigenvectors as columns, [d][d] (a = V diag(values) V^T)
 */
record SymmetricEigen(double[] values, double[][] vectors) {

    private static final int MAX_SWEEPS = 100;

    /** The decomposition of symmetric {@code a} (not modified). */
    static SymmetricEigen of(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1.0;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diagonal = 0;
            for (int p = 0; p < n; p++) {
                diagonal += m[p][p] * m[p][p];
                for (int q = p + 1; q < n; q++) {
                    off += m[p][q] * m[p][q];
                }
            }
            if (off <= 1e-30 * diagonal || off == 0) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] != 0) {
                        rotate(m, v, p, q);
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = m[i][i];
        }
        return new SymmetricEigen(values, v);
    }

    /** One Jacobi rotation zeroing m[p][q] (Golub &amp; Van Loan, Algorithm 8.5.1, symmetric Schur). */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        double tau = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        double t = Math.signum(tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        if (tau == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(1 + t * t);
        double s = t * c;
        int n = m.length;
        for (int k = 0; k < n; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** V f(diag) V^T for f applied to each eigenvalue (e.g. the square root of a PSD matrix). */
    double[][] apply(java.util.function.DoubleUnaryOperator f) {
        int n = values.length;
        double[] fv = new double[n];
        for (int i = 0; i < n; i++) {
            fv[i] = f.applyAsDouble(values[i]);
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += vectors[i][k] * fv[k] * vectors[j][k];
                }
                out[i][j] = sum;
                out[j][i] = sum;
            }
        }
        return out;
    }
}
