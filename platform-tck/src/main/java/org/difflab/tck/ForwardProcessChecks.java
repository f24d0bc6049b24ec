package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;

/**
 * The contract of a {@link ForwardProcess} (x_t = alpha(t) x0 + sigma(t) eps): its time range is usable, alpha'
 * and sigma' are the derivatives of alpha and sigma, the noise level sigma/alpha rises strictly (the SNR falls),
 * the derived quantities and the inverse of the noise level agree with alpha and sigma, g^2 &ge; 0, and the
 * forward SDE dx = f x dt + g dW, simulated by Euler-Maruyama, has the declared marginals.
 *
 * <p>Probes run over the default sampling range [samplingEnd, samplingStart], where solvers and training use
 * the process (at tMin some processes have sigma' = +infinity by design, e.g. VP).
 */
public final class ForwardProcessChecks {

    /** Probe times per check. */
    private static final int PROBES = 41;

    private ForwardProcessChecks() {}

    /**
     * The checks without the Monte-Carlo simulation ({@code process.sde-marginals}): fast, and enough to decide
     * whether a process is fit to run other components' checks on.
     */
    public static List<Check> basic(ForwardProcess process) {
        return of(process).stream().filter(c -> !c.name().equals("process.sde-marginals")).toList();
    }

    /** Every check of {@code process}. */
    public static List<Check> of(ForwardProcess process) {
        return List.of(
                new Check("process.range", "tMin <= samplingEnd < samplingStart <= tMax, alpha > 0 and sigma >= 0"
                        + " finite over the sampling range, sigma > 0 from samplingEnd on", () -> range(process)),
                new Check("process.derivatives", "alpha' and sigma' agree with finite differences of alpha and sigma",
                        () -> derivatives(process)),
                new Check("process.noise-level-rises", "the noise level sigma/alpha rises strictly from tMin to tMax"
                        + " (the signal-to-noise ratio falls strictly)", () -> noiseLevelRises(process)),
                new Check("process.derived-quantities", "noiseLevel = sigma/alpha, halfLogSnr = log(alpha/sigma),"
                        + " drift = alpha'/alpha, g^2 = 2 sigma sigma' - 2 (alpha'/alpha) sigma^2",
                        () -> derivedQuantities(process)),
                new Check("process.noise-level-inverse", "timeAtNoiseLevel and timeAtHalfLogSnr invert the noise level"
                        + " and reject levels the process never reaches", () -> inverse(process)),
                new Check("process.diffusion-non-negative", "g^2 >= 0 and finite over the sampling range",
                        () -> diffusionNonNegative(process)),
                new Check("process.sde-marginals", "Euler-Maruyama paths of dx = f x dt + g dW from x0 have mean"
                        + " alpha(t) x0 and variance sigma(t)^2", () -> sdeMarginals(process)));
    }

    static Outcome range(ForwardProcess p) {
        double tMin = p.tMin();
        double tMax = p.tMax();
        double end = p.samplingEnd();
        double start = p.samplingStart();
        if (!Double.isFinite(tMin)) {
            return Outcome.failed("tMin = " + tMin + " must be finite");
        }
        if (!(tMin < tMax)) {
            return Outcome.failed("tMin = " + fmt(tMin) + " must be below tMax = " + fmt(tMax));
        }
        if (!(tMin <= end && end < start && start <= tMax && Double.isFinite(start))) {
            return Outcome.failed("need tMin <= samplingEnd < samplingStart <= tMax with a finite samplingStart; got"
                    + " tMin = " + fmt(tMin) + ", samplingEnd = " + fmt(end) + ", samplingStart = " + fmt(start)
                    + ", tMax = " + fmt(tMax));
        }
        if (!(p.alpha(tMin) > 0) || !Double.isFinite(p.alpha(tMin)) || !(p.sigma(tMin) >= 0)) {
            return Outcome.failed("at tMin = " + fmt(tMin) + ": alpha = " + fmt(p.alpha(tMin)) + " (must be > 0),"
                    + " sigma = " + fmt(p.sigma(tMin)) + " (must be >= 0)");
        }
        if (!(p.sigma(end) > 0)) {
            return Outcome.failed("sigma(samplingEnd = " + fmt(end) + ") = " + fmt(p.sigma(end))
                    + "; the denoiser is evaluated there, so sigma must be > 0");
        }
        for (double t : Probes.samplingTimes(p, PROBES)) {
            double a = p.alpha(t);
            double s = p.sigma(t);
            boolean alphaOk = t == start ? a >= 0 : a > 0;   // flow-matching paths reach alpha = 0 at their start
            if (!alphaOk || !Double.isFinite(a) || !(s > 0) || !Double.isFinite(s)) {
                return Outcome.failed("at t = " + fmt(t) + ": alpha = " + fmt(a) + ", sigma = " + fmt(s)
                        + " (need alpha > 0, or >= 0 at samplingStart, and finite sigma > 0)");
            }
        }
        return Outcome.passed("tMin = " + fmt(tMin) + ", sampling range [" + fmt(end) + ", " + fmt(start)
                + "], tMax = " + fmt(tMax));
    }

    static Outcome derivatives(ForwardProcess p) {
        Worst worst = new Worst();
        int probes = 0;
        for (double t : interior(p)) {
            double h = step(p, t);
            probes++;
            worst.offer("alpha'", t, p.alphaDot(t), p::alpha, h);
            worst.offer("sigma'", t, p.sigmaDot(t), p::sigma, h);
        }
        if (probes == 0) {
            return Outcome.skipped("no interior probe time in the sampling range");
        }
        if (worst.failed) {
            return Outcome.failed(worst.describe() + "; tolerance 1e-6 relative (the difference quotients are"
                    + " Richardson-extrapolated, accurate to ~1e-8)");
        }
        return Outcome.passed("largest relative deviation " + fmt(worst.relative()) + " (" + worst.what + " at t = "
                + fmt(worst.t) + ") over " + probes + " times");
    }

    /**
     * The worst agreement of a declared derivative with the central, forward and backward difference quotients.
     * A declared value passes at a time if it matches any of the three: a piecewise-smooth process (vp-discrete)
     * has one-sided derivatives at its knots, and within h of a knot one of the one-sided quotients is kink-free.
     * The score of a probe is |declared - estimate| / tolerance for the best-matching estimate: above 1 fails.
     */
    private static final class Worst {
        String what = "";
        double t;
        double declared;
        double estimate;
        double score = -1;
        boolean failed;

        void offer(String name, double time, double value, DoubleUnaryOperator f, double h) {
            double scale = Math.max(Math.abs(f.applyAsDouble(time + h)), Math.abs(f.applyAsDouble(time - h)));
            // Round-off floor of a difference quotient: ~1e-16 |f| / h; 1e-11 leaves a wide margin.
            double floor = 1e-11 * scale / h;
            double best = Double.POSITIVE_INFINITY;
            double bestEstimate = Double.NaN;
            for (int side : new int[] {0, 1, -1}) {
                double estimate = richardson(f, time, h, side);
                double tolerance = 1e-6 * Math.max(Math.abs(estimate), Math.abs(value)) + floor;
                double s = Math.abs(value - estimate) / tolerance;
                if (side == 0 || s < best) {
                    best = Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
                    bestEstimate = estimate;
                }
            }
            // keep the probe with the largest deviation (in units of its tolerance): the one a failure reports
            if (best > score) {
                what = name;
                t = time;
                declared = value;
                estimate = bestEstimate;
                score = best;
                failed = best > 1;
            }
        }

        double relative() {
            return Math.abs(declared - estimate) / Math.max(Math.abs(estimate), 1e-300);
        }

        String describe() {
            return what + "(t = " + fmt(t) + ") = " + fmt(declared) + " but finite differences give " + fmt(estimate)
                    + " (relative error " + fmt(relative()) + ")";
        }
    }

    /** Richardson-extrapolated difference quotient: central (side 0, O(h^4)) or one-sided (+1/-1, O(h^2)). */
    static double richardson(DoubleUnaryOperator f, double t, double h, int side) {
        if (side == 0) {
            double coarse = (f.applyAsDouble(t + h) - f.applyAsDouble(t - h)) / (2 * h);
            double fine = (f.applyAsDouble(t + h / 2) - f.applyAsDouble(t - h / 2)) / h;
            return (4 * fine - coarse) / 3;
        }
        double f0 = f.applyAsDouble(t);
        double coarse = (f.applyAsDouble(t + side * h) - f0) / (side * h);
        double fine = (f.applyAsDouble(t + side * h / 2) - f0) / (side * h / 2);
        return 2 * fine - coarse;
    }

    /** Interior probe times: strictly inside (tMin, tMax) with alpha > 0, so that t +- h stays in range. */
    private static double[] interior(ForwardProcess p) {
        return Arrays.stream(Probes.samplingTimes(p, PROBES))
                .filter(t -> t > p.tMin() && t < p.tMax() && p.alpha(t) > 0).toArray();
    }

    /** Difference step: 1e-4 of the distance to the nearer end of the time range (relative to t for long ranges). */
    private static double step(ForwardProcess p, double t) {
        double room = Math.min(t - p.tMin(), p.tMax() - t);
        return 1e-4 * Math.min(room, Math.max(1.0, Math.abs(t)));
    }

    static Outcome noiseLevelRises(ForwardProcess p) {
        double tMin = p.tMin();
        TreeSetOfTimes grid = new TreeSetOfTimes();
        grid.add(tMin);
        double[] sampling = Probes.samplingTimes(p, 401);
        for (double t : sampling) {
            grid.add(t);
        }
        // between tMin and samplingEnd too (the final solver step and training draws reach there)
        double end = p.samplingEnd();
        for (int i = 1; i <= 20; i++) {
            grid.add(tMin + (end - tMin) * i / 21.0);
        }
        if (Double.isFinite(p.tMax())) {
            grid.add(p.tMax());
        }
        double[] times = grid.toArray();
        double previous = Double.NaN;
        double previousT = Double.NaN;
        for (double t : times) {
            double level = p.noiseLevel(t);
            if (Double.isNaN(level) || level < 0) {
                return Outcome.failed("noise level at t = " + fmt(t) + " is " + level);
            }
            if (!Double.isNaN(previous) && !(level > previous)) {
                return Outcome.failed("noise level does not rise: " + fmt(previous) + " at t = " + fmt(previousT)
                        + " but " + fmt(level) + " at t = " + fmt(t));
            }
            previous = level;
            previousT = t;
        }
        return Outcome.passed("strictly rising over " + times.length + " times, from " + fmt(p.noiseLevel(tMin))
                + " at tMin to " + fmt(previous) + " at t = " + fmt(previousT));
    }

    /** A sorted set of distinct times. */
    private static final class TreeSetOfTimes {
        private final java.util.TreeSet<Double> set = new java.util.TreeSet<>();

        void add(double t) {
            if (Double.isFinite(t)) {
                set.add(t);
            }
        }

        double[] toArray() {
            return set.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    static Outcome derivedQuantities(ForwardProcess p) {
        double worst = 0;
        String worstWhat = "none";
        for (double t : Probes.finiteNoiseTimes(p, PROBES)) {
            PathPoint point = PathPoint.of(p, t);
            double a = point.alpha();
            double s = point.sigma();
            double ad = point.alphaDot();
            double sd = point.sigmaDot();
            // the generic forms, from alpha and sigma alone, against the process's (possibly overridden) methods
            double[][] pairs = {
                {p.noiseLevel(t), point.noiseLevel()},
                {p.halfLogSnr(t), Math.log(a / s)},
                {p.drift(t), point.drift()},
                {p.diffusionSquared(t), point.diffusionSquared()}};
            String[] names = {"noiseLevel", "halfLogSnr", "drift", "diffusionSquared"};
            // Scales of round-off: relative 1e-12 for the ratios; halfLogSnr absolute; g^2 against its two terms.
            double[] scales = {Math.abs(s / a), 1.0, Math.abs(ad / a), Math.abs(2 * s * sd) + Math.abs(2 * (ad / a) * s * s)};
            for (int k = 0; k < pairs.length; k++) {
                double deviation = Math.abs(pairs[k][0] - pairs[k][1]) / Math.max(scales[k], 1e-300);
                if (!(deviation <= 1e-9)) {
                    return Outcome.failed(names[k] + "(t = " + fmt(t) + ") = " + fmt(pairs[k][0]) + " but alpha and"
                            + " sigma give " + fmt(pairs[k][1]) + " (relative deviation " + fmt(deviation)
                            + ", tolerance 1e-9)");
                }
                if (deviation >= worst) {
                    worst = deviation;
                    worstWhat = names[k] + " at t = " + fmt(t);
                }
            }
        }
        return Outcome.passed("largest relative deviation " + fmt(worst) + " (" + worstWhat + ")");
    }

    static Outcome inverse(ForwardProcess p) {
        double worst = 0;
        String worstAt = "none";
        for (double t : Probes.finiteNoiseTimes(p, PROBES)) {
            double level = p.noiseLevel(t);
            double back = p.timeAtNoiseLevel(level);
            if (!(back >= p.tMin() && back <= p.tMax())) {
                return Outcome.failed("timeAtNoiseLevel(" + fmt(level) + ") = " + fmt(back) + " is outside [tMin, tMax]"
                        + " (the level is that of t = " + fmt(t) + ")");
            }
            double levelBack = p.noiseLevel(back);
            double deviation = Math.abs(levelBack - level) / level;
            // 1e-8: a bisection inverse stops at ~1e-16 relative in t; the noise level's slope amplifies that little.
            if (!(deviation <= 1e-8)) {
                return Outcome.failed("timeAtNoiseLevel(" + fmt(level) + ") = " + fmt(back) + " whose noise level is "
                        + fmt(levelBack) + " (relative error " + fmt(deviation) + ", tolerance 1e-8; the level is that"
                        + " of t = " + fmt(t) + ")");
            }
            if (t == p.tMax()) {
                // exp(-log(level)) can land an ulp above the largest level, which platform-api's default bisection
                // inverse rejects; the lambda round trip is checked everywhere but at the exact end of the range.
                continue;
            }
            double lambda = p.halfLogSnr(t);
            double viaLambda = p.timeAtHalfLogSnr(lambda);
            double lambdaBack = p.halfLogSnr(viaLambda);
            double lambdaDeviation = Math.abs(lambdaBack - lambda);
            if (!(lambdaDeviation <= 1e-8 * Math.max(1.0, Math.abs(lambda)))) {
                return Outcome.failed("timeAtHalfLogSnr(" + fmt(lambda) + ") = " + fmt(viaLambda) + " whose half log-SNR"
                        + " is " + fmt(lambdaBack) + " (error " + fmt(lambdaDeviation) + ", tolerance 1e-8)");
            }
            if (deviation >= worst) {
                worst = deviation;
                worstAt = "level " + fmt(level);
            }
        }
        List<Double> unreachable = new ArrayList<>();
        unreachable.add(-1.0);
        double lowest = p.noiseLevel(p.tMin());
        if (lowest > 0) {
            unreachable.add(0.5 * lowest);
        }
        if (Double.isFinite(p.tMax()) && Double.isFinite(p.noiseLevel(p.tMax()))) {
            unreachable.add(2.0 * p.noiseLevel(p.tMax()));
        }
        for (double level : unreachable) {
            try {
                double t = p.timeAtNoiseLevel(level);
                return Outcome.failed("timeAtNoiseLevel(" + fmt(level) + ") returned t = " + fmt(t) + ", but no time in"
                        + " [tMin, tMax] has that noise level (range [" + fmt(lowest) + ", "
                        + fmt(p.noiseLevel(p.tMax())) + "]); it must throw IllegalArgumentException");
            } catch (IllegalArgumentException expected) {
                // the documented behaviour
            }
        }
        return Outcome.passed("round trip within " + fmt(worst) + " relative (worst at " + worstAt + "); levels "
                + Probes.fmt(unreachable.stream().mapToDouble(Double::doubleValue).toArray()) + " rejected");
    }

    static Outcome diffusionNonNegative(ForwardProcess p) {
        double smallest = Double.POSITIVE_INFINITY;
        double at = Double.NaN;
        for (double t : Probes.finiteNoiseTimes(p, PROBES)) {
            double g2 = p.diffusionSquared(t);
            double s = p.sigma(t);
            double terms = Math.abs(2 * s * p.sigmaDot(t)) + Math.abs(2 * p.drift(t) * s * s);
            // g^2 is a difference of two terms: allow round-off of 1e-12 of their size below zero.
            if (!Double.isFinite(g2) || g2 < -1e-12 * terms) {
                return Outcome.failed("g^2(t = " + fmt(t) + ") = " + fmt(g2) + " (must be finite and >= 0;"
                        + " 2 sigma sigma' = " + fmt(2 * s * p.sigmaDot(t)) + ", 2 f sigma^2 = "
                        + fmt(2 * p.drift(t) * s * s) + ")");
            }
            if (g2 < smallest) {
                smallest = g2;
                at = t;
            }
        }
        return Outcome.passed("smallest g^2 = " + fmt(smallest) + " at t = " + fmt(at));
    }

    /** Paths simulated by the marginal check. */
    static final int PATHS = 10_000;
    /** Step control of the simulation: each step changes log t, the mean and the variance by at most ~1%. */
    static final double STEP_FRACTION = 0.01;

    /**
     * Simulates PATHS scalar paths of the forward SDE dx = f x dt + g dW (f = alpha'/alpha, g^2 from
     * {@link ForwardProcess#diffusionSquared}) by Euler-Maruyama, starting from the exact marginal at samplingEnd
     * (x = alpha x0 + sigma eps with x0 = 1), and compares sample mean and variance at four later times with
     * alpha(t) x0 and sigma(t)^2. This ties alpha and sigma to the SDE the process defines (Song et al. 2021, eq. 5):
     * a wrong derivative or override shows up as a wrong drift or diffusion.
     */
    static Outcome sdeMarginals(ForwardProcess p) {
        double tMin = p.tMin();
        double start = p.samplingEnd();
        double[] candidates = Probes.finiteNoiseTimes(p, PROBES);
        double stop = Double.NaN;
        for (double t : candidates) {
            if (t > start && p.noiseLevel(t) <= 100) {
                stop = t;
            }
        }
        if (Double.isNaN(stop)) {
            return Outcome.skipped("no time after samplingEnd with a noise level below 100 to simulate to");
        }
        double[] checkpoints = new double[4];
        for (int k = 0; k < 4; k++) {
            checkpoints[k] = tMin + (start - tMin) * Math.pow((stop - tMin) / (start - tMin), (k + 1) / 4.0);
        }
        checkpoints[3] = stop;
        Rng rng = new Rng(20240501L);
        double x0 = 1.0;
        double[] x = new double[PATHS];
        double a0 = p.alpha(start);
        double s0 = p.sigma(start);
        for (int i = 0; i < PATHS; i++) {
            x[i] = a0 * x0 + s0 * rng.nextGaussian();
        }
        double t = start;
        long steps = 0;
        StringBuilder measured = new StringBuilder();
        for (double target : checkpoints) {
            while (t < target) {
                double f = p.drift(t);
                double g2 = p.diffusionSquared(t);
                double s2 = p.sigma(t) * p.sigma(t);
                double dt = STEP_FRACTION * Math.min(t - tMin, Math.min(1.0 / Math.max(Math.abs(f), 1e-300),
                        s2 / Math.max(g2, 1e-300)));
                dt = Math.min(Math.max(dt, 1e-12 * Math.max(1.0, t)), target - t);
                if (!Double.isFinite(f) || !Double.isFinite(g2) || g2 < 0) {
                    return Outcome.failed("drift " + fmt(f) + " or g^2 " + fmt(g2) + " unusable at t = " + fmt(t));
                }
                double noise = Math.sqrt(Math.max(g2, 0) * dt);
                double growth = 1.0 + f * dt;
                for (int i = 0; i < PATHS; i++) {
                    x[i] = growth * x[i] + noise * rng.nextGaussian();
                }
                t = (target - t <= dt) ? target : t + dt;
                if (++steps > 200_000) {
                    return Outcome.failed("the simulation needed over 200000 steps to reach t = " + fmt(target)
                            + " (drift or diffusion extreme near t = " + fmt(t) + ")");
                }
            }
            double mean = Arrays.stream(x).average().orElse(Double.NaN);
            double variance = 0;
            for (double v : x) {
                variance += (v - mean) * (v - mean);
            }
            variance /= PATHS - 1;
            double wantMean = p.alpha(target) * x0;
            double wantVariance = p.sigma(target) * p.sigma(target);
            // Monte-Carlo: 5 standard errors (sigma/sqrt(n) for the mean, sigma^2 sqrt(2/n) for the variance), plus
            // the Euler-Maruyama bias of ~1% per e-fold at STEP_FRACTION = 0.01 (a few e-folds: 5%).
            double meanTolerance = 5 * Math.sqrt(wantVariance / PATHS) + 0.05 * Math.abs(wantMean);
            double varianceTolerance = wantVariance * (5 * Math.sqrt(2.0 / PATHS) + 0.05);
            if (!(Math.abs(mean - wantMean) <= meanTolerance) || !(Math.abs(variance - wantVariance) <= varianceTolerance)) {
                return Outcome.failed("at t = " + fmt(target) + " the simulated paths have mean " + fmt(mean)
                        + " and variance " + fmt(variance) + ", but alpha(t) x0 = " + fmt(wantMean) + " and sigma(t)^2 = "
                        + fmt(wantVariance) + " (tolerances " + fmt(meanTolerance) + ", " + fmt(varianceTolerance)
                        + "; " + PATHS + " paths from t = " + fmt(start) + ")");
            }
            measured.append(measured.length() == 0 ? "" : "; ").append("t = ").append(fmt(target)).append(": mean ")
                    .append(fmt(mean)).append(" vs ").append(fmt(wantMean)).append(", variance ").append(fmt(variance))
                    .append(" vs ").append(fmt(wantVariance));
        }
        return Outcome.passed(PATHS + " paths, " + steps + " steps; " + measured);
    }
}
