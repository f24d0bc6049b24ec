package org.difflab.plugins.solvers;

import java.util.ArrayList;
import java.util.List;
import org.difflab.api.math.GaussianMixture;

/**
 * Two-sample checks that samples follow a Gaussian mixture, against an independent draw of the same size
 * from the mixture itself. Each statistic's difference is compared with 4 standard errors of the difference
 * of two independent means, estimated from the two samples (n = 512: the thresholds are about 0.18 sd of
 * the statistic); 4 SE keeps the false-alarm rate per check near 6e-5. The statistics: the mean log-density
 * under the mixture (Monte-Carlo estimate of -cross-entropy), each coordinate's mean and variance, and the
 * share of samples nearest (in posterior responsibility) to each component.
 */
final class DistributionCheck {

    private DistributionCheck() {}

    /** The checks that fail (empty when the samples are consistent with the mixture). */
    static List<String> failures(double[][] samples, double[][] reference, GaussianMixture data) {
        List<String> out = new ArrayList<>();
        compare("mean log-density", data.logDensity(samples), data.logDensity(reference), out);
        int dims = data.dims();
        for (int j = 0; j < dims; j++) {
            double[] a = column(samples, j);
            double[] b = column(reference, j);
            compare("mean of x" + j, a, b, out);
            compare("variance of x" + j, squaredDeviations(a), squaredDeviations(b), out);
        }
        for (int k = 0; k < data.components(); k++) {
            compare("share of component " + k, indicator(samples, data, k), indicator(reference, data, k), out);
        }
        return out;
    }

    /** |mean(a) - mean(b)| against 4 standard errors of the difference. */
    private static void compare(String what, double[] a, double[] b, List<String> out) {
        double ma = mean(a);
        double mb = mean(b);
        double se = Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
        double z = Math.abs(ma - mb) / se;
        if (!(z <= 4.0)) {
            out.add(String.format("%s: %.4f vs reference %.4f (%.1f standard errors)", what, ma, mb, z));
        }
    }

    private static double[] column(double[][] x, int j) {
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i][j];
        }
        return c;
    }

    private static double[] squaredDeviations(double[] a) {
        double m = mean(a);
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] - m) * (a[i] - m);
        }
        return out;
    }

    /** 1 where component k has the largest posterior responsibility w_k N(x; mu_k, s_k^2 I). */
    private static double[] indicator(double[][] x, GaussianMixture data, int k) {
        double[][] means = data.means();
        double[] stds = data.stds();
        double[] weights = data.weights();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int best = 0;
            double bestLog = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < means.length; c++) {
                double sq = 0;
                for (int j = 0; j < x[i].length; j++) {
                    sq += (x[i][j] - means[c][j]) * (x[i][j] - means[c][j]);
                }
                double log = Math.log(weights[c]) - x[i].length * Math.log(stds[c]) - 0.5 * sq / (stds[c] * stds[c]);
                if (log > bestLog) {
                    bestLog = log;
                    best = c;
                }
            }
            out[i] = best == k ? 1 : 0;
        }
        return out;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    private static double variance(double[] a, double m) {
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return s / (a.length - 1);
    }
}
