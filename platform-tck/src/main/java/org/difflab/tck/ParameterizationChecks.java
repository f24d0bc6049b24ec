package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import java.util.ArrayList;
import java.util.List;
import org.difflab.api.ConsistencyParameterization;
import org.difflab.api.Parameterization;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;

/**
 * The contract of a {@link Parameterization} (target F = a x0 + b eps): on every given process, over the
 * sampling range where the noise level is finite, the 2x2 system [x_t; F] = [[alpha, sigma], [a, b]] [x0; eps]
 * is well conditioned, and recovering x0 and eps from (x_t, F) through {@link Conversions} round-trips.
 */
public final class ParameterizationChecks {

    /** Largest accepted 2-norm condition number of the 2x2 system (float32 training keeps ~1e-1 relative accuracy). */
    public static final double MAX_CONDITION = 1e6;

    private ParameterizationChecks() {}

    /**
     * Every check of {@code parameterization} on {@code processes}; a consistency function gets
     * {@link ConsistencyChecks} instead (its target is singular at sigma_min by design).
     */
    public static List<Check> of(Parameterization parameterization, List<NamedProcess> processes) {
        if (parameterization instanceof ConsistencyParameterization consistency) {
            return ConsistencyChecks.of(consistency);
        }
        return List.of(
                new Check("parameterization.well-conditioned", "finite target whose 2x2 system with (alpha, sigma) has"
                        + " condition number <= 1e6 over each process's sampling range",
                        () -> conditioned(parameterization, processes)),
                new Check("parameterization.round-trip", "x0 and eps recovered from (x_t, F) for random (x0, eps, t)"
                        + " on every process", () -> roundTrip(parameterization, processes)));
    }

    /** The 2-norm condition number of [[alpha, sigma], [a, b]]. */
    static double condition(PathPoint p, LinearTarget target) {
        double m11 = p.alpha();
        double m12 = p.sigma();
        double m21 = target.a();
        double m22 = target.b();
        double frobenius2 = m11 * m11 + m12 * m12 + m21 * m21 + m22 * m22;
        double det = Math.abs(m11 * m22 - m12 * m21);
        // singular values s1 >= s2: s1^2 + s2^2 = |M|_F^2, s1 s2 = |det|
        double root = Math.sqrt(Math.max(frobenius2 * frobenius2 - 4 * det * det, 0));
        double s1 = Math.sqrt((frobenius2 + root) / 2);
        double s2 = det / s1;
        return s1 / s2;
    }

    static Outcome conditioned(Parameterization parameterization, List<NamedProcess> processes) {
        if (processes.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        double worst = 0;
        String worstAt = "";
        for (Probes.PathProbe probe : Probes.pathPoints(processes, 33)) {
            PathPoint p = probe.point();
            LinearTarget target = parameterization.target(p);
            if (!Double.isFinite(target.a()) || !Double.isFinite(target.b())) {
                return Outcome.failed("target at t = " + fmt(p.t()) + " on " + probe.process() + " is (a, b) = ("
                        + fmt(target.a()) + ", " + fmt(target.b()) + "), not finite");
            }
            double condition = condition(p, target);
            if (!(condition <= MAX_CONDITION)) {
                return Outcome.failed("condition number " + fmt(condition) + " at t = " + fmt(p.t()) + " on "
                        + probe.process() + " (alpha = " + fmt(p.alpha()) + ", sigma = " + fmt(p.sigma()) + ", a = "
                        + fmt(target.a()) + ", b = " + fmt(target.b()) + "); the limit is " + fmt(MAX_CONDITION));
            }
            if (condition > worst) {
                worst = condition;
                worstAt = probe.process() + " t = " + fmt(p.t());
            }
        }
        return Outcome.passed("largest condition number " + fmt(worst) + " (" + worstAt + ") on " + processes.size()
                + " processes");
    }

    static Outcome roundTrip(Parameterization parameterization, List<NamedProcess> processes) {
        if (processes.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        Rng rng = new Rng(31);
        double worst = 0;
        List<String> used = new ArrayList<>();
        for (NamedProcess named : processes) {
            double[] times = Probes.finiteNoiseTimes(named.process(), 33);
            if (times.length == 0) {
                continue;
            }
            used.add(named.name());
            for (int k = 0; k < 64; k++) {
                double t = times[rng.nextInt(times.length)];
                double x0 = 2 * rng.nextGaussian();
                double eps = rng.nextGaussian();
                PathPoint p = PathPoint.of(named.process(), t);
                LinearTarget target = parameterization.target(p);
                double xt = p.alpha() * x0 + p.sigma() * eps;
                double f = target.a() * x0 + target.b() * eps;
                double x0Back = Conversions.convert(p, target, LinearTarget.X0).apply(xt, f);
                double epsBack = Conversions.convert(p, target, LinearTarget.EPS).apply(xt, f);
                // Round-off of solving a 2x2 system: ~1e-16 times its condition number, relative to |x0| + |eps|.
                double tolerance = 1e-12 * condition(p, target) * (Math.abs(x0) + Math.abs(eps) + 1);
                double error = Math.max(Math.abs(x0Back - x0), Math.abs(epsBack - eps));
                if (!(error <= tolerance)) {
                    return Outcome.failed("at t = " + fmt(t) + " on " + named + " with x0 = " + fmt(x0) + ", eps = "
                            + fmt(eps) + ": recovered x0 = " + fmt(x0Back) + ", eps = " + fmt(epsBack) + " (error "
                            + fmt(error) + ", tolerance " + fmt(tolerance) + ")");
                }
                worst = Math.max(worst, error / (Math.abs(x0) + Math.abs(eps) + 1));
            }
        }
        if (used.isEmpty()) {
            return Outcome.skipped("no process has a finite noise level in its sampling range");
        }
        return Outcome.passed("largest relative round-trip error " + fmt(worst) + " over " + 64 * used.size()
                + " draws on " + String.join(", ", used));
    }
}
