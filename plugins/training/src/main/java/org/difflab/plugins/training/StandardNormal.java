package org.difflab.plugins.training;

/**
 * The standard normal CDF Phi, accurate to ~1e-14 relative in both tails (no 1 - Phi cancellation):
 * Phi(x) = erfc(-x/sqrt 2)/2 with erfc from the positive-term series
 * erf(z) = (2/sqrt pi) e^{-z^2} sum_n 2^n z^{2n+1}/(1 3 ... (2n+1)) (Abramowitz and Stegun 7.1.6) for
 * |z| &lt; 1.5 (where erfc &gt; 0.03, so 1 - erf loses under two digits), and the continued fraction erfc(z) = (e^{-z^2}/sqrt pi) / (z + (1/2)/(z + 1/(z + (3/2)/(z + ...))))
 * (A&amp;S 7.1.14) evaluated by the modified Lentz method for z &ge; 1.5 (under 100 terms).
 */
final class StandardNormal {

    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final double SQRT_2 = Math.sqrt(2.0);

    private StandardNormal() {}

    /** P(Z &le; x). */
    static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        return 0.5 * erfc(-x / SQRT_2);
    }

    /** The density e^{-x^2/2}/sqrt(2 pi). */
    static double pdf(double x) {
        return Math.exp(-0.5 * x * x) / (SQRT_2 * SQRT_PI);
    }

    /** Complementary error function. */
    static double erfc(double z) {
        if (z < 0) {
            return 2.0 - erfc(-z);
        }
        if (z < 1.5) {
            return 1.0 - erfSeries(z);
        }
        if (z > 27.3) {
            return 0.0;   // below the smallest double
        }
        return continuedFraction(z);
    }

    private static double erfSeries(double z) {
        double term = z;
        double sum = z;
        double z2 = z * z;
        for (int n = 1; n < 200; n++) {
            term *= 2.0 * z2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return 2.0 / SQRT_PI * Math.exp(-z2) * sum;
    }

    /** erfc(z) = e^{-z^2}/sqrt(pi) * 1/(z + a_1/(z + a_2/(z + ...))), a_n = n/2 (modified Lentz). */
    private static double continuedFraction(double z) {
        double tiny = 1e-300;
        double f = z;
        double c = z;
        double d = 0.0;
        for (int n = 1; n < 500; n++) {
            double a = 0.5 * n;
            d = z + a * d;
            d = d == 0 ? tiny : d;
            c = z + a / c;
            c = c == 0 ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return Math.exp(-z * z) / (SQRT_PI * f);
    }
}
