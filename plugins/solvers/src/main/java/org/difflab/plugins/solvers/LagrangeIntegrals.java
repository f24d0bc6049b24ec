package org.difflab.plugins.solvers;

/**
 * Exact integrals of Lagrange basis polynomials, for linear multistep methods: the basis is expanded into
 * monomials in the shifted variable y = tau - from and each monomial integrated in closed form.
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
}
