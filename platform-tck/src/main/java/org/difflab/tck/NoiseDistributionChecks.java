package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.difflab.api.Capability;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.math.Rng;

/**
 * The contract of a {@link NoiseDistribution}: draws are finite, inside [tMin, tMax] and determined by the seed;
 * with {@link Capability#CLOSED_FORM_CDF} they follow the declared {@link NoiseDistribution#timeCdf}
 * (one-sample Kolmogorov-Smirnov test at a fixed seed). A distribution may reject a process it cannot serve by
 * throwing IllegalArgumentException; such processes are listed.
 */
public final class NoiseDistributionChecks {

    /** Draws per process. */
    static final int DRAWS = 4000;
    /**
     * Kolmogorov-Smirnov critical value at significance 0.001, for large n: D_n &gt; 1.949 / sqrt(n) rejects. At a
     * fixed seed the test is deterministic; 0.001 keeps a correct distribution from failing by chance on a new seed.
     */
    static final double KS_CRITICAL = 1.949 / Math.sqrt(DRAWS);

    private NoiseDistributionChecks() {}

    /** Every check of {@code distribution} on {@code processes}. */
    public static List<Check> of(NoiseDistribution distribution, List<NamedProcess> processes) {
        return List.of(
                new Check("noise-distribution.in-range", "draws finite and inside [tMin, tMax] on every process",
                        () -> inRange(distribution, processes)),
                new Check("noise-distribution.deterministic", "the same seed gives the same draws",
                        () -> deterministic(distribution, processes)),
                new Check("noise-distribution.matches-cdf", "draws follow the declared CDF (Kolmogorov-Smirnov,"
                        + " n = 4000, alpha = 0.001; claimed by CLOSED_FORM_CDF)", () -> matchesCdf(distribution,
                        processes)));
    }

    private static double[] draw(NoiseDistribution distribution, NamedProcess named, long seed, int n) {
        Rng rng = new Rng(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = distribution.sampleTime(rng, named.process());
        }
        return out;
    }

    static Outcome inRange(NoiseDistribution distribution, List<NamedProcess> processes) {
        List<String> rejected = new ArrayList<>();
        StringBuilder ranges = new StringBuilder();
        for (NamedProcess named : processes) {
            double[] times;
            try {
                times = draw(distribution, named, 3, DRAWS);
            } catch (IllegalArgumentException e) {
                rejected.add(named + " (" + e.getMessage() + ")");
                continue;
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double t : times) {
                if (!Double.isFinite(t) || t < named.process().tMin() || t > named.process().tMax()) {
                    return Outcome.failed("drew t = " + fmt(t) + " on " + named + ", outside [tMin, tMax] = ["
                            + fmt(named.process().tMin()) + ", " + fmt(named.process().tMax()) + "]");
                }
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
            }
            ranges.append(ranges.length() == 0 ? "" : ", ").append(named).append(" [").append(fmt(lo)).append(", ")
                    .append(fmt(hi)).append(']');
        }
        if (ranges.length() == 0) {
            return Outcome.skipped(rejected.isEmpty() ? "no process to check on"
                    : "every process was rejected: " + String.join(", ", rejected));
        }
        return Outcome.passed(DRAWS + " draws per process: " + ranges
                + (rejected.isEmpty() ? "" : "; rejects " + String.join(", ", rejected)));
    }

    static Outcome deterministic(NoiseDistribution distribution, List<NamedProcess> processes) {
        int checked = 0;
        for (NamedProcess named : processes) {
            double[] a;
            try {
                a = draw(distribution, named, 3, 200);
            } catch (IllegalArgumentException e) {
                continue;
            }
            double[] b = draw(distribution, named, 3, 200);
            if (!Arrays.equals(a, b)) {
                return Outcome.failed("two streams with seed 3 gave different draws on " + named);
            }
            checked++;
        }
        return checked == 0 ? Outcome.skipped("no process accepted") : Outcome.passed("identical draws on " + checked
                + " processes");
    }

    static Outcome matchesCdf(NoiseDistribution distribution, List<NamedProcess> processes) {
        if (!distribution.capabilities().contains(Capability.CLOSED_FORM_CDF)) {
            return Outcome.skipped("does not claim CLOSED_FORM_CDF");
        }
        double worst = 0;
        String worstOn = "";
        int checked = 0;
        for (NamedProcess named : processes) {
            Optional<DoubleUnaryOperator> cdf;
            double[] times;
            try {
                times = draw(distribution, named, 11, DRAWS);
                cdf = distribution.timeCdf(named.process());
            } catch (IllegalArgumentException e) {
                continue;   // the distribution does not serve this process (see noise-distribution.in-range)
            }
            if (cdf.isEmpty()) {
                return Outcome.failed("claims CLOSED_FORM_CDF but timeCdf is empty on " + named);
            }
            double statistic = ksStatistic(times, cdf.get());
            if (!(statistic <= KS_CRITICAL)) {
                return Outcome.failed("Kolmogorov-Smirnov statistic D = " + fmt(statistic) + " on " + named + " exceeds"
                        + " the critical value " + fmt(KS_CRITICAL) + " (n = " + DRAWS + ", alpha = 0.001, seed 11): the"
                        + " draws do not follow the declared CDF");
            }
            if (statistic >= worst) {
                worst = statistic;
                worstOn = named.name();
            }
            checked++;
        }
        if (checked == 0) {
            return Outcome.skipped("no process accepted");
        }
        return Outcome.passed("largest D = " + fmt(worst) + " (" + worstOn + ") below " + fmt(KS_CRITICAL) + " on "
                + checked + " processes");
    }

    /** sup_t |F_n(t) - F(t)| of the draws against the CDF F. */
    static double ksStatistic(double[] draws, DoubleUnaryOperator cdf) {
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            if (!(f >= 0 && f <= 1)) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return worst;
    }
}
