package org.difflab.plugins.solvers;

import java.util.function.DoubleUnaryOperator;

/**
 * Integrals of Lagrange basis polynomials, for linear multistep methods: exact ones (the basis is expanded into
 * monomials in the shifted variable y = tau - from and each monomial integrated in closed form), and ones of a
 * basis in another variable than the integration's (DEIS's tAB), by Gauss-Legendre quadrature.
 */
final class LagrangeIntegrals {

    private LagrangeIntegrals() {}

    /**
     * c_j = int_from^to l_j(tau) d tau for the Lagrange basis l_j on the distinct {@code nodes}
     * (l_j(nodes[k]) = [j = k]).
     */
    static double[] integrals(double[] nodes, double from, double to) {
        int m = nodes.length;
        double width = to - from;
        double[] out = new double[m];
        for (int j = 0; j < m; j++) {
            // numerator prod_{k != j} (y - (nodes[k] - from)) as coefficients of y^0..y^{m-1}
            double[] poly = new double[m];
            poly[0] = 1.0;
            int degree = 0;
            double denominator = 1.0;
            for (int k = 0; k < m; k++) {
                if (k == j) {
                    continue;
                }
                double root = nodes[k] - from;
                for (int p = degree + 1; p >= 0; p--) {
                    double shifted = p > 0 ? poly[p - 1] : 0.0;
                    poly[p] = shifted - root * poly[p];
                }
                degree++;
                denominator *= nodes[j] - nodes[k];
            }
            double integral = 0.0;
            double power = width; // width^{p+1}
            for (int p = 0; p <= degree; p++) {
                integral += poly[p] * power / (p + 1);
                power *= width;
            }
            out[j] = integral / denominator;
        }
        return out;
    }
    /** Gauss-Legendre nodes and weights on [-1, 1] (exact for polynomials of degree up to 2 GAUSS_POINTS - 1). */
    private static final int GAUSS_POINTS = 16;
    private static final double[] GAUSS_NODES = new double[GAUSS_POINTS];
    private static final double[] GAUSS_WEIGHTS = new double[GAUSS_POINTS];

    static {
        // Newton's method on the Legendre polynomial P_n from Chebyshev-like starting points
        int n = GAUSS_POINTS;
        for (int i = 0; i < n; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++) {
                double p0 = 1.0;
                double p1 = x;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                derivative = n * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / derivative;
                x -= dx;
                if (Math.abs(dx) < 1e-16) {
                    break;
                }
            }
            GAUSS_NODES[i] = x;
            GAUSS_WEIGHTS[i] = 2.0 / ((1 - x * x) * derivative * derivative);
        }
    }

    /**
     * c_j = int_from^to l_j(time(u)) du for the Lagrange basis l_j on the distinct {@code nodes} (in the variable
     * time maps u to), by 16-point Gauss-Legendre quadrature in u: exact when time is affine and the basis has
     * degree up to 31, and accurate to rounding for a smooth time(u) over a step.
     */
    static double[] integralsAlong(double[] nodes, double from, double to, DoubleUnaryOperator time) {
        int m = nodes.length;
        double[] out = new double[m];
        double half = 0.5 * (to - from);
        double middle = 0.5 * (to + from);
        for (int q = 0; q < GAUSS_POINTS; q++) {
            double tau = time.applyAsDouble(middle + half * GAUSS_NODES[q]);
            for (int j = 0; j < m; j++) {
                double basis = 1.0;
                for (int k = 0; k < m; k++) {
                    if (k != j) {
                        basis *= (tau - nodes[k]) / (nodes[j] - nodes[k]);
                    }
                }
                out[j] += GAUSS_WEIGHTS[q] * basis;
            }
        }
        for (int j = 0; j < m; j++) {
            out[j] *= half;
        }
        return out;
    }
}
