package org.difflab.plugins.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.junit.jupiter.api.Test;

class VeProcessTest {

    private final VeProcess geometric = new VeProcess(new VeProcess.Options(VeForm.GEOMETRIC, null, null, null));
    private final VeProcess sqrt = new VeProcess(new VeProcess.Options(VeForm.SQRT, null, null, null));

    /**
     * Central difference (f(t+h) - f(t-h))/(2h) with h = 1e-4 d, d the distance to the nearest singular point:
     * truncation h^2 f'''/6 ~ 1e-8 |f'| (f''' ~ f'/d^2), round-off 1e-16 |f|/h; tolerance 1e-6 of max(|f'|, |f|/d).
     */
    private static void assertDerivative(DoubleUnaryOperator f, double derivative, double t, double d) {
        double h = 1e-4 * d;
        double difference = (f.applyAsDouble(t + h) - f.applyAsDouble(t - h)) / (2 * h);
        double scale = Math.max(Math.abs(derivative), Math.abs(f.applyAsDouble(t)) / d);
        assertThat(derivative).as("derivative at t=%s", t).isCloseTo(difference, within(1e-6 * scale));
    }

    private static void assertDerivatives(ForwardProcess p, double t, double d) {
        assertDerivative(p::alpha, p.alphaDot(t), t, d);
        assertDerivative(p::sigma, p.sigmaDot(t), t, d);
    }

    private static void assertRisesStrictly(ForwardProcess p, double from, double to, int n) {
        double previous = p.noiseLevel(from);
        for (int i = 1; i <= n; i++) {
            double level = p.noiseLevel(from + (to - from) * i / n);
            assertThat(level).isGreaterThan(previous);
            previous = level;
        }
    }

    /** ln and exp both condition to ~1e-16 relative; 1e-12 relative plus 1e-15 absolute leaves a wide margin. */
    private static void assertRoundTrip(ForwardProcess p, double t) {
        assertThat(p.timeAtNoiseLevel(p.noiseLevel(t))).as("round trip at t=%s", t)
                .isCloseTo(t, within(1e-15 + 1e-12 * t));
    }

    @Test
    void geometricIsSongsVeSde() {
        double sigmaMin = 0.01;
        double sigmaMax = 50;
        for (double t : new double[] {0, 1e-5, 0.3, 0.5, 1}) {
            double song = sigmaMin * Math.pow(sigmaMax / sigmaMin, t); // Song et al. (2021), eq. 31
            assertThat(geometric.sigma(t)).isCloseTo(song, within(1e-14 * song));
            assertThat(geometric.alpha(t)).isEqualTo(1.0);
            assertThat(geometric.noiseLevel(t)).isEqualTo(geometric.sigma(t));
            // g^2 = d sigma^2/dt = 2 sigma^2 ln(sigma_max/sigma_min) (Song et al. 2021, eq. 30).
            double g2 = 2 * song * song * Math.log(sigmaMax / sigmaMin);
            assertThat(geometric.diffusionSquared(t)).isCloseTo(g2, within(1e-13 * g2));
            assertThat(geometric.drift(t)).isZero();
        }
        // sigma(tMin) = sigma_min > 0: the grid ends at noise level sigma_min.
        assertThat(geometric.noiseLevel(geometric.tMin())).isCloseTo(sigmaMin, within(1e-18));
        assertThat(geometric.samplingStart()).isEqualTo(1.0);
        assertThat(geometric.samplingEnd()).isEqualTo(1e-5);
        assertThat(geometric.tMax()).isEqualTo(1.0);
    }

    @Test
    void geometricDerivativesMonotonicityAndInverse() {
        for (double t = 0.05; t < 1; t += 0.1) {
            assertDerivatives(geometric, t, 1.0); // sigma is entire (an exponential): no singular point
        }
        assertRisesStrictly(geometric, 0, 1, 10_000);
        for (double t : new double[] {0, 1e-5, 0.25, 0.5, 0.75, 1}) {
            assertRoundTrip(geometric, t);
        }
        assertThatThrownBy(() -> geometric.timeAtNoiseLevel(0.005))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below this process's minimum 0.01");
        assertThatThrownBy(() -> geometric.timeAtNoiseLevel(51))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above");
    }

    @Test
    void sqrtIsEdmsVeColumn() {
        // Karras et al. (2022), Table 1: sigma(t) = sqrt(t), s(t) = 1; sigma_min = 0.02, sigma_max = 100.
        for (double t : new double[] {0, 4e-4, 0.5, 2, 1e4}) {
            assertThat(sqrt.sigma(t)).isEqualTo(Math.sqrt(t));
            assertThat(sqrt.alpha(t)).isEqualTo(1.0);
        }
        for (double t : new double[] {1e-6, 4e-4, 0.5, 2, 1e4}) {
            // g^2 = d(sigma^2)/dt = d t/dt = 1: 2 sqrt(t) / (2 sqrt(t)), round-off only.
            assertThat(sqrt.diffusionSquared(t)).isCloseTo(1.0, within(1e-15));
            assertDerivatives(sqrt, t, t);
            assertRoundTrip(sqrt, t);
        }
        assertThat(sqrt.sigmaDot(0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(sqrt.samplingStart()).isCloseTo(1e4, within(1e-9));
        assertThat(sqrt.samplingEnd()).isCloseTo(4e-4, within(1e-18));
        assertThat(sqrt.tMax()).isEqualTo(Double.POSITIVE_INFINITY);
        assertRisesStrictly(sqrt, 0, 1e4, 10_000);
    }

    @Test
    void optionsAreValidatedWithTheirKeys() {
        assertThatThrownBy(() -> new VeProcess.Options(VeForm.SQRT, null, null, 1e-5))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("geometric only")
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("sampling_end"));
        assertThatThrownBy(() -> new VeProcess.Options(VeForm.GEOMETRIC, 60.0, null, null))
                .isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("sigma_min"));
        VeProcess custom = new VeProcess(new VeProcess.Options(VeForm.GEOMETRIC, 0.02, 348.0, 1e-3));
        assertThat(custom.sigma(1)).isCloseTo(348, within(1e-12));
        assertThat(custom.samplingEnd()).isEqualTo(1e-3);
    }
}
