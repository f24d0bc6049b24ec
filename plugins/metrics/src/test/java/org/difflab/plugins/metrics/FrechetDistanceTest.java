package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

/** The Frechet distance of two Gaussians against closed forms, and the eigen-decomposition it rests on. */
class FrechetDistanceTest {

    /**
     * In 2-D, for PSD M: Tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)), and S1 S2 has the eigenvalues of
     * S1^{1/2} S2 S1^{1/2}, so Tr (S1 S2)^{1/2} = sqrt(tr(S1 S2) + 2 sqrt(det S1 det S2)) for non-commuting S1, S2.
     */
    @Test
    void nonCommutingCovariancesIn2dMatchTheClosedForm() {
        double[][] s1 = {{2.0, 0.5}, {0.5, 1.0}};
        double[][] s2 = {{1.0, -0.3}, {-0.3, 0.5}};
        double[] mu1 = {0.3, -1.0};
        double[] mu2 = {1.0, 0.5};
        double traceOfProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
        double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0];
        double det2 = s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0];
        double rootTrace = Math.sqrt(traceOfProduct + 2 * Math.sqrt(det1 * det2));
        double expected = 0.7 * 0.7 + 1.5 * 1.5 + (3.0 + 1.5) - 2 * rootTrace;
        assertThat(FrechetDistance.between(mu1, s1, mu2, s2)).isCloseTo(expected, within(1e-13));
        assertThat(FrechetDistance.between(mu2, s2, mu1, s1)).isCloseTo(expected, within(1e-13));
    }

    /** Diagonal covariances: d^2 = |mu1 - mu2|^2 + sum_i (sqrt(a_i) - sqrt(b_i))^2. */
    @Test
    void diagonalCovariancesGiveTheSumOverCoordinates() {
        double[] a = {1, 4, 0.25, 9, 2};
        double[] b = {4, 4, 1, 1, 0.5};
        double[][] s1 = new double[5][5];
        double[][] s2 = new double[5][5];
        double expected = 5 * 0.01;
        for (int i = 0; i < 5; i++) {
            s1[i][i] = a[i];
            s2[i][i] = b[i];
            expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
        }
        double[] mu1 = new double[5];
        double[] mu2 = {0.1, 0.1, 0.1, 0.1, 0.1};
        assertThat(FrechetDistance.between(mu1, s1, mu2, s2)).isCloseTo(expected, within(1e-13));
    }

    @Test
    void jacobiReconstructsASymmetricMatrixWithOrthonormalVectors() {
        Rng rng = new Rng(4);
        int n = 7;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = rng.nextGaussian();
                a[j][i] = a[i][j];
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(a);
        double[][] back = eigen.apply(lambda -> lambda);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(back[i][j]).isCloseTo(a[i][j], within(1e-13));
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += eigen.vectors()[k][i] * eigen.vectors()[k][j];
                }
                assertThat(dot).isCloseTo(i == j ? 1.0 : 0.0, within(1e-13));
            }
        }
    }
}
