package org.difflab.plugins.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.sampling.NoiseLevelSchedule;
import org.junit.jupiter.api.Test;

class FlowPathsTest {

    private final RectifiedFlowProcess rectifiedFlow = new RectifiedFlowProcess(new RectifiedFlowProcess.Options(1e-3));

    private static AffinePathProcess affine(AffineFamily family, Double exponent) {
        return new AffinePathProcess(new AffinePathProcess.Options(family, exponent, 1e-3));
    }

    /**
     * Our (alpha, sigma, alpha', sigma') at t equal flow_matching's at t_FM = 1 - t, with both derivatives negated
     * (d/dt = -d/dt_FM); and timeAtNoiseLevel(l) = 1 - snr_inverse(1/l). Both sides evaluate the same elementary
     * functions (pow vs expm1/log1p, sin vs cos of the complement): 1e-13 absolute on values of order 1-10.
     */
    private static void assertMatchesFlowMatching(ForwardProcess p, FlowMatchingScheduler fm) {
        for (double t : new double[] {0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99}) {
            double[] ref = fm.at(1 - t);
            assertThat(p.alpha(t)).as("alpha(%s)", t).isCloseTo(ref[0], within(1e-13));
            assertThat(p.sigma(t)).as("sigma(%s)", t).isCloseTo(ref[1], within(1e-13));
            assertThat(p.alphaDot(t)).as("alpha'(%s)", t).isCloseTo(-ref[2], within(1e-12));
            assertThat(p.sigmaDot(t)).as("sigma'(%s)", t).isCloseTo(-ref[3], within(1e-12));
            double level = p.noiseLevel(t);
            assertThat(p.timeAtNoiseLevel(level)).as("inverse at %s", t)
                    .isCloseTo(1 - fm.snrInverse(1 / level), within(1e-12));
        }
    }

    /**
     * Central differences with h = 1e-4 d (d: distance to the nearest singular point): truncation ~1e-8 |f'|,
     * round-off 1e-16 |f|/h; tolerance 1e-6 of max(|f'|, |f|/d).
     */
    private static void assertDerivatives(ForwardProcess p, double t, double d) {
        check(p::alpha, p.alphaDot(t), t, d);
        check(p::sigma, p.sigmaDot(t), t, d);
    }

    private static void check(DoubleUnaryOperator f, double derivative, double t, double d) {
        double h = 1e-4 * d;
        double difference = (f.applyAsDouble(t + h) - f.applyAsDouble(t - h)) / (2 * h);
        double scale = Math.max(Math.abs(derivative), Math.abs(f.applyAsDouble(t)) / d);
        assertThat(derivative).as("derivative at t=%s", t).isCloseTo(difference, within(1e-6 * scale));
    }

    /** Contract checks shared by all paths of this module. */
    private static void assertContract(ForwardProcess p) {
        for (int i = 1; i < 20; i++) {
            double t = i / 20.0;
            assertDerivatives(p, t, Math.min(t, 1 - t));
            // timeAtNoiseLevel(noiseLevel(t)) = t: condition number <= ~2 here, so 1e-12 relative is generous.
            assertThat(p.timeAtNoiseLevel(p.noiseLevel(t))).isCloseTo(t, within(1e-15 + 1e-12 * t));
            assertThat(p.diffusionSquared(t)).isGreaterThanOrEqualTo(0);
        }
        for (double t : new double[] {1e-9, 1e-5, 1 - 1e-9}) {
            assertThat(p.timeAtNoiseLevel(p.noiseLevel(t))).isCloseTo(t, within(1e-15 + 1e-12 * t));
        }
        double previous = p.noiseLevel(0);
        assertThat(previous).isZero();
        for (int i = 1; i <= 10_000; i++) {
            double level = p.noiseLevel(i / 10_000.0);
            assertThat(level).isGreaterThan(previous);
            previous = level;
        }
        assertThat(p.alpha(1)).isZero();
        assertThat(p.noiseLevel(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(p.timeAtNoiseLevel(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(p.alpha(0)).isEqualTo(1.0);
        assertThat(p.sigma(0)).isZero();
        assertThat(p.samplingStart()).isEqualTo(1.0);
        assertThat(p.tMax()).isEqualTo(1.0);
        assertThat(p.samplingEnd()).isEqualTo(1e-3);
    }

    @Test
    void rectifiedFlowIsConditionalOt() {
        assertMatchesFlowMatching(rectifiedFlow, FlowMatchingScheduler.COND_OT);
        assertContract(rectifiedFlow);
        // g^2 = 2 sigma sigma' - 2 (alpha'/alpha) sigma^2 = 2t + 2t^2/(1-t) = 2t/(1-t): infinite at t = 1.
        for (double t : new double[] {0.1, 0.5, 0.9}) {
            assertThat(rectifiedFlow.diffusionSquared(t)).isCloseTo(2 * t / (1 - t), within(1e-14 * t / (1 - t)));
        }
    }

    @Test
    void polynomialPathsArePolynomialConvexSchedulers() {
        for (double n : new double[] {1, 0.5, 2, 3.5}) {
            AffinePathProcess p = affine(AffineFamily.POLYNOMIAL, n);
            assertMatchesFlowMatching(p, FlowMatchingScheduler.polynomial(n));
            assertContract(p);
        }
        // exponent 1 (the default) is the rectified-flow path.
        AffinePathProcess linear = affine(AffineFamily.POLYNOMIAL, null);
        for (double t : new double[] {0.2, 0.6}) {
            assertThat(linear.alpha(t)).isCloseTo(rectifiedFlow.alpha(t), within(1e-15));
            assertThat(linear.sigma(t)).isCloseTo(rectifiedFlow.sigma(t), within(1e-15));
        }
    }

    @Test
    void cosinePathIsCosineScheduler() {
        AffinePathProcess p = affine(AffineFamily.COSINE, null);
        assertMatchesFlowMatching(p, FlowMatchingScheduler.COSINE);
        assertContract(p);
        for (double t : new double[] {0.2, 0.6}) {
            assertThat(p.alpha(t)).isCloseTo(Math.cos(Math.PI * t / 2), within(1e-15));
            assertThat(p.alpha(t) * p.alpha(t) + p.sigma(t) * p.sigma(t)).isCloseTo(1.0, within(1e-15));
        }
    }

    @Test
    void linearVpPathIsLinearVpScheduler() {
        AffinePathProcess p = affine(AffineFamily.LINEAR_VP, null);
        assertMatchesFlowMatching(p, FlowMatchingScheduler.LINEAR_VP);
        assertContract(p);
        assertThat(p.sigmaDot(0)).isEqualTo(Double.POSITIVE_INFINITY);
        for (double t : new double[] {1e-6, 1e-3}) {
            assertDerivatives(p, t, t); // near the sqrt singularity at t = 0
        }
    }

    @Test
    void optionErrorsNameTheKey() {
        assertThatThrownBy(() -> new AffinePathProcess.Options(AffineFamily.COSINE, 2.0, 1e-3))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("polynomial only")
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("exponent"));
        assertThatThrownBy(() -> new AffinePathProcess.Options(null, null, 1e-3))
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("family"));
    }

    @Test
    void noiseLevelSchedulesNeedAFiniteSigmaMaxAndSaySo() {
        NoiseLevelSchedule geometric = new NoiseLevelSchedule(5, null, null) {
            @Override
            protected double[] noiseLevels(int steps, double sigmaMin, double sigmaMax) {
                double[] levels = new double[steps];
                for (int i = 0; i < steps; i++) {
                    levels[i] = sigmaMax * Math.pow(sigmaMin / sigmaMax, i / (steps - 1.0));
                }
                return levels;
            }
        };
        assertThatThrownBy(() -> geometric.times(rectifiedFlow))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("infinite").hasMessageContaining("sigma_max")
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("sigma_max"));
        // With a finite sigma_max the levels map to t = sigma/(1 + sigma) (flow_matching's EDM example mapping).
        NoiseLevelSchedule bounded = new NoiseLevelSchedule(3, 0.002, 80.0) {
            @Override
            protected double[] noiseLevels(int steps, double sigmaMin, double sigmaMax) {
                return new double[] {sigmaMax, 1.0, sigmaMin};
            }
        };
        assertThat(bounded.times(rectifiedFlow)).containsExactly(80.0 / 81, 0.5, 0.002 / 1.002, 0.0);
    }
}
