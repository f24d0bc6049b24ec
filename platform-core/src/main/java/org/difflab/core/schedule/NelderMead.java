package org.difflab.core.schedule;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/**
 * Nelder &amp; Mead's (1965) downhill simplex with the standard coefficients (reflection 1, expansion 2, contraction
 * 1/2, shrink 1/2), minimising a function of a few variables without derivatives. A non-finite value counts as
 * +infinity, so a point where the objective fails is simply never accepted.
 */
public final class NelderMead {

    /** The best point found and its value. */
    public record Result(double[] point, double value, int evaluations) {}

    private NelderMead() {}

    /**
     * @param start the first vertex
     * @param step the other vertices are start + step e_i
     * @param evaluations the budget of function evaluations
     * @param tolerance stop when the simplex's values span less than this
     */
    public static Result minimize(ToDoubleFunction<double[]> f, double[] start, double step, int evaluations,
            double tolerance) {
        int n = start.length;
        int[] used = {0};
        ToDoubleFunction<double[]> counted = x -> {
            used[0]++;
            double v = f.applyAsDouble(x);
            return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
        };
        if (n == 0) {
            return new Result(start.clone(), counted.applyAsDouble(start), used[0]);
        }
        double[][] simplex = new double[n + 1][];
        double[] values = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            simplex[i] = start.clone();
            if (i > 0) {
                simplex[i][i - 1] += step;
            }
            values[i] = counted.applyAsDouble(simplex[i]);
        }
        while (used[0] < evaluations) {
            Integer[] order = new Integer[n + 1];
            for (int i = 0; i <= n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
            double[][] sortedPoints = new double[n + 1][];
            double[] sortedValues = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                sortedPoints[i] = simplex[order[i]];
                sortedValues[i] = values[order[i]];
            }
            simplex = sortedPoints;
            System.arraycopy(sortedValues, 0, values, 0, n + 1);
            if (values[n] - values[0] < tolerance) {
                break;
            }
            double[] centroid = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    centroid[j] += simplex[i][j] / n;
                }
            }
            double[] reflected = along(centroid, simplex[n], -1.0);
            double fr = counted.applyAsDouble(reflected);
            if (fr < values[0]) {
                double[] expanded = along(centroid, simplex[n], -2.0);
                double fe = counted.applyAsDouble(expanded);
                simplex[n] = fe < fr ? expanded : reflected;
                values[n] = Math.min(fe, fr);
            } else if (fr < values[n - 1]) {
                simplex[n] = reflected;
                values[n] = fr;
            } else {
                boolean outside = fr < values[n];
                double[] contracted = along(centroid, outside ? reflected : simplex[n], 0.5);
                double fc = counted.applyAsDouble(contracted);
                if (fc < (outside ? fr : values[n])) {
                    simplex[n] = contracted;
                    values[n] = fc;
                } else {
                    for (int i = 1; i <= n; i++) {
                        simplex[i] = along(simplex[0], simplex[i], 0.5);
                        values[i] = counted.applyAsDouble(simplex[i]);
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return new Result(simplex[best].clone(), values[best], used[0]);
    }

    /** from + s (to - from). */
    private static double[] along(double[] from, double[] to, double s) {
        double[] out = new double[from.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = from[j] + s * (to[j] - from[j]);
        }
        return out;
    }
}
