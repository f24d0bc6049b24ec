package org.difflab.tck.oracle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.difflab.api.math.GaussianMixture;

/**
 * Two-sample tests that samples follow a Gaussian mixture, against an independent draw from the mixture itself.
 * Each statistic is a mean over the samples; its difference between the two sets is compared with the standard
 * error of the difference of two independent means, estimated from the two sets. The statistics: the mean
 * log-density under the mixture (a Monte-Carlo estimate of minus the cross-entropy), each coordinate's mean and
 * variance, and the share of samples whose most responsible component (largest w_k N(x; mu_k, s_k^2 I)) is each
 * component. With 512 samples a set passes at {@link #LIMIT} = 4 standard errors (a false alarm per statistic has
 * probability ~6e-5), while stds 25% too large or weights off by 0.15 fail.
 */
public final class TwoSampleComparison {

    /** Standard errors beyond which a statistic fails. */
    public static final double LIMIT = 4.0;

    /**
     * One statistic of both sets.
     *
     * @param name what it is ("variance of x1")
     * @param sample its mean over the samples
     * @param reference its mean over the reference draw
     * @param z |sample - reference| in standard errors of the difference
     */
    public record Statistic(String name, double sample, double reference, double z) {

        /** Whether it is within {@link #LIMIT} standard errors. */
        public boolean consistent() {
            return z <= LIMIT;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %.4f vs reference %.4f (%.1f standard errors)", name, sample,
                    reference, z);
        }
    }

    private TwoSampleComparison() {}

    /** Every statistic of {@code samples} against {@code reference}, both drawn (or meant to be) from {@code data}. */
    public static List<Statistic> compare(double[][] samples, double[][] reference, GaussianMixture data) {
        List<Statistic> out = new ArrayList<>();
        out.add(statistic("mean log-density", data.logDensity(samples), data.logDensity(reference)));
        for (int j = 0; j < data.dims(); j++) {
            double[] a = column(samples, j);
            double[] b = column(reference, j);
            out.add(statistic("mean of x" + j, a, b));
            out.add(statistic("variance of x" + j, squaredDeviations(a), squaredDeviations(b)));
        }
        for (int k = 0; k < data.components(); k++) {
            out.add(statistic("share of component " + k, indicator(samples, data, k), indicator(reference, data, k)));
        }
        return out;
    }

    /** The statistics beyond {@link #LIMIT} standard errors (empty when the samples are consistent with the data). */
    public static List<String> failures(double[][] samples, double[][] reference, GaussianMixture data) {
        return compare(samples, reference, data).stream().filter(s -> !s.consistent()).map(Statistic::toString)
                .toList();
    }

    /** The statistic farthest from the reference, in standard errors. */
    public static Statistic largest(List<Statistic> statistics) {
        return statistics.stream().max(Comparator.comparingDouble(Statistic::z)).orElseThrow();
    }

    private static Statistic statistic(String name, double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double se = Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
        double z = Math.abs(ma - mb) / se;
        if (se == 0 && ma == mb) {
            z = 0;   // both sets constant and equal (say, every draw in one component's share)
        }
        return new Statistic(name, ma, mb, Double.isNaN(z) ? Double.POSITIVE_INFINITY : z);
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
