package org.difflab.plugins.metrics;

/**
 * The Frechet distance between Gaussians fitted to two feature sets (Dowson &amp; Landau 1982; the FID of Heusel et
 * al. 2017 when the features are Inception's):
 * <pre>  d^2 = |mu_1 - mu_2|^2 + Tr(S_1 + S_2 - 2 (S_1 S_2)^{1/2}),</pre>
 * means and covariances estimated as in the FID recipe (covariance with n - 1 in the denominator). The trace of the
 * matrix square root is computed from a symmetric matrix with the same eigenvalues as S_1 S_2,
 * Tr (S_1 S_2)^{1/2} = Tr (S_1^{1/2} S_2 S_1^{1/2})^{1/2} = sum_i sqrt(lambda_i), so no complex parts arise;
 * eigenvalues that rounding leaves slightly negative count as 0.
 */
final class FrechetDistance {

    private FrechetDistance() {}

    /** The squared Frechet distance of Gaussians fitted to {@code a} and {@code b} ([n][d], n &gt;= 2 each). */
    static double of(double[][] a, double[][] b) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("a Frechet distance needs at least 2 points per set (a covariance),"
                    + " got " + a.length + " and " + b.length);
        }
        double[] meanA = mean(a);
        double[] meanB = mean(b);
        return between(meanA, covariance(a, meanA), meanB, covariance(b, meanB));
    }

    /** The squared Frechet distance of N(mu1, s1) and N(mu2, s2). */
    static double between(double[] mu1, double[][] s1, double[] mu2, double[][] s2) {
        int d = mu1.length;
        double meanTerm = 0;
        double traces = 0;
        for (int i = 0; i < d; i++) {
            meanTerm += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
            traces += s1[i][i] + s2[i][i];
        }
        double[][] root = SymmetricEigen.of(s1).apply(lambda -> Math.sqrt(Math.max(lambda, 0)));
        double[][] inner = multiply(multiply(root, s2), root);
        for (int i = 0; i < d; i++) {   // symmetrise what rounding left asymmetric
            for (int j = i + 1; j < d; j++) {
                double average = 0.5 * (inner[i][j] + inner[j][i]);
                inner[i][j] = average;
                inner[j][i] = average;
            }
        }
        double traceOfRoot = 0;
        for (double lambda : SymmetricEigen.of(inner).values()) {
            traceOfRoot += Math.sqrt(Math.max(lambda, 0));
        }
        return Math.max(0, meanTerm + traces - 2 * traceOfRoot);
    }

    static double[] mean(double[][] x) {
        double[] out = new double[x[0].length];
        for (double[] row : x) {
            for (int j = 0; j < out.length; j++) {
                out[j] += row[j];
            }
        }
        for (int j = 0; j < out.length; j++) {
            out[j] /= x.length;
        }
        return out;
    }

    /** The sample covariance (n - 1 in the denominator). */
    static double[][] covariance(double[][] x, double[] mean) {
        int d = mean.length;
        double[][] out = new double[d][d];
        double[] centred = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                centred[j] = row[j] - mean[j];
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    out[i][j] += centred[i] * centred[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                out[i][j] /= x.length - 1;
                out[j][i] = out[i][j];
            }
        }
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < b.length; k++) {
                double aik = a[i][k];
                for (int j = 0; j < m; j++) {
                    out[i][j] += aik * b[k][j];
                }
            }
        }
        return out;
    }
}
