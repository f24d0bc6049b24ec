package org.difflab.plugins.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.difflab.api.ForwardProcess;

/** Contract checks every forward process of this module must pass, each against an independent reference. */
final class ProcessAssertions {

    private ProcessAssertions() {}

    /**
     * alpha' and sigma' against central differences (f(t+h) - f(t-h))/(2h). The step is h = 1e-4 d, with d the
     * distance from t to the nearest point where alpha or sigma is not smooth (an end of the range, where
     * sigma ~ sqrt(t), or a knot). The truncation error h^2 f'''/6 is then about 1e-8 |f'| (f''' ~ f'/d^2 for
     * such functions) and the round-off 1e-16 |f|/h about 1e-12 |f|/d; a relative tolerance of 1e-6 on
     * max(|f'|, |f|/d) leaves a margin of 100 over both.
     */
    static void derivativesMatchFiniteDifferences(ForwardProcess process, double t, double distanceToSingularity) {
        double h = 1e-4 * distanceToSingularity;
        check("alpha'", process::alpha, process.alphaDot(t), t, h, distanceToSingularity);
        check("sigma'", process::sigma, process.sigmaDot(t), t, h, distanceToSingularity);
    }

    private static void check(String what, DoubleUnaryOperator f, double derivative, double t, double h, double d) {
        double difference = (f.applyAsDouble(t + h) - f.applyAsDouble(t - h)) / (2.0 * h);
        double scale = Math.max(Math.abs(derivative), Math.abs(f.applyAsDouble(t)) / d);
        assertThat(derivative).as("%s at t=%s", what, t).isCloseTo(difference, within(1e-6 * scale));
    }

    /** The noise level rises strictly between consecutive points of an n-point uniform grid on [from, to]. */
    static void noiseLevelRisesStrictly(ForwardProcess process, double from, double to, int n) {
        double previous = process.noiseLevel(from);
        for (int i = 1; i <= n; i++) {
            double t = from + (to - from) * i / n;
            double level = process.noiseLevel(t);
            assertThat(level).as("noise level at t=%s", t).isGreaterThan(previous);
            previous = level;
        }
    }

    /**
     * timeAtNoiseLevel(noiseLevel(t)) = t. The noise level is evaluated with relative error of a few 1e-16;
     * the inverse maps it back with the condition number (level/t)/(d level/dt), at most ~2 for these processes
     * (level ~ sqrt(t) near 0, faster than exponential near the top), so 1e-12 relative plus 1e-15 absolute
     * covers it with a wide margin.
     */
    static void timeAtNoiseLevelRoundTrips(ForwardProcess process, double t) {
        double back = process.timeAtNoiseLevel(process.noiseLevel(t));
        assertThat(back).as("timeAtNoiseLevel(noiseLevel(%s))", t).isCloseTo(t, within(1e-15 + 1e-12 * t));
    }

    /** n points strictly inside (from, to), uniformly spaced. */
    static double[] interior(double from, double to, int n) {
        double[] ts = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = from + (to - from) * (i + 1) / (n + 1);
        }
        return ts;
    }
}
