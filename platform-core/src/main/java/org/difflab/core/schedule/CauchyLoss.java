package org.difflab.core.schedule;

import java.util.Arrays;

/**
 * A robust loss for least-squares fits over many draws: each draw's squared error e_j (the sum of squares of its
 * block of residuals) counts as the Cauchy loss rho(e) = c^2 ln(1 + e / c^2) instead of e. Near zero rho(e) ~ e; a
 * draw off by much more than c counts only logarithmically, so a fit spends its freedom on the bulk of the draws
 * rather than on the few the solver sends to another mode (whose e is ~1000x the median's).
 *
 * <p>Levenberg-Marquardt stays a least-squares method by the square-root trick (Triggs, McLauchlan, Hartley and
 * Fitzgibbon, "Bundle adjustment - a modern synthesis", 2000, section 6.8): draw j's residuals are scaled by
 * sqrt(rho(e_j) / e_j), so their sum of squares is rho(e_j); with a Jacobian of the scaled residuals (forward
 * differences here) a Gauss-Newton step on them is one on sum_j rho(e_j).
 *
 * @param scaleSquared c^2, in the units of e (positive, finite)
 */
public record CauchyLoss(double scaleSquared) {

    public CauchyLoss {
        if (!(scaleSquared > 0) || !Double.isFinite(scaleSquared)) {
            throw new IllegalArgumentException("the Cauchy loss needs a positive finite c^2, got " + scaleSquared);
        }
    }

    /** c^2 = k times the median of the draws' squared errors in {@code residuals} ({@code count} equal blocks). */
    public static CauchyLoss scaledToMedian(double k, double[] residuals, int count) {
        return new CauchyLoss(k * median(squaredErrors(residuals, count)));
    }

    /** rho(e) = c^2 ln(1 + e / c^2). */
    public double rho(double e) {
        return scaleSquared * Math.log1p(e / scaleSquared);
    }

    /**
     * The residuals with each draw's block scaled by sqrt(rho(e_j) / e_j) (1 for e_j = 0, the limit), so that the
     * block's sum of squares is rho(e_j); null stays null (a failed solve).
     */
    public double[] rescaled(double[] residuals, int count) {
        if (residuals == null) {
            return null;
        }
        double[] e = squaredErrors(residuals, count);
        int dims = residuals.length / count;
        double[] out = new double[residuals.length];
        for (int j = 0; j < count; j++) {
            double factor = e[j] > 0 && Double.isFinite(e[j]) ? Math.sqrt(rho(e[j]) / e[j]) : 1.0;
            for (int d = 0; d < dims; d++) {
                out[j * dims + d] = residuals[j * dims + d] * factor;
            }
        }
        return out;
    }

    /** Each draw's sum of squares over its block of residuals (draw-major: draw j holds j*dims .. j*dims + dims-1). */
    static double[] squaredErrors(double[] residuals, int count) {
        if (count < 1 || residuals.length % count != 0) {
            throw new IllegalArgumentException(residuals.length + " residuals are not " + count + " equal blocks");
        }
        int dims = residuals.length / count;
        double[] e = new double[count];
        for (int j = 0; j < count; j++) {
            double sum = 0;
            for (int d = 0; d < dims; d++) {
                sum += residuals[j * dims + d] * residuals[j * dims + d];
            }
            e[j] = sum;
        }
        return e;
    }

    /** The median (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
