package org.difflab.plugins.training;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/** The one-sample Kolmogorov-Smirnov statistic, correct for continuous and for step CDFs (ties). */
final class Kolmogorov {

    private Kolmogorov() {}

    /** Critical value at the 1% level for large n: 1.63/sqrt(n) (Smirnov's asymptotic distribution). */
    static double criticalValue1Percent(int n) {
        return 1.63 / Math.sqrt(n);
    }

    /**
     * D = sup_x |F_n(x) - F(x)|. Both are right-continuous and non-decreasing, so the supremum is attained at a
     * draw x (F_n(x) against F(x)) or just below it (F_n(x-) against F(x-)); F(x-) is read at the next double down.
     */
    static double statistic(double[] draws, DoubleUnaryOperator cdf) {
        double[] x = draws.clone();
        Arrays.sort(x);
        int n = x.length;
        double d = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && x[j] == x[i]) {
                j++;
            }
            double at = cdf.applyAsDouble(x[i]);
            double below = cdf.applyAsDouble(Math.nextDown(x[i]));
            d = Math.max(d, Math.max(Math.abs((double) j / n - at), Math.abs((double) i / n - below)));
            i = j;
        }
        return d;
    }
}
