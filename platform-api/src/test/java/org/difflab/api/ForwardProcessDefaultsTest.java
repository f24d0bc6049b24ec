package org.difflab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The generic quantities ForwardProcess derives from alpha and sigma, on a VP path where they are known. */
class ForwardProcessDefaultsTest {

    /** VP with beta(t) = 1: alpha = exp(-t/2), sigma = sqrt(1 - e^{-t}), t in [0, 4]. */
    private static final ForwardProcess VP = new ForwardProcess() {
        public double alpha(double t) { return Math.exp(-t / 2); }
        public double sigma(double t) { return Math.sqrt(1 - Math.exp(-t)); }
        public double alphaDot(double t) { return -0.5 * Math.exp(-t / 2); }
        public double sigmaDot(double t) { return 0.5 * Math.exp(-t) / Math.sqrt(1 - Math.exp(-t)); }
        public double tMax() { return 4; }
        public double samplingStart() { return 4; }
        public double samplingEnd() { return 1e-3; }
    };

    @Test
    void driftAndDiffusionReproduceTheVpSde() {
        // Song et al. 2021: f = -beta/2 and g^2 = beta for VP; here beta = 1
        for (double t : new double[] {0.01, 0.5, 2, 3.9}) {
            assertThat(VP.drift(t)).isCloseTo(-0.5, org.assertj.core.data.Offset.offset(1e-15));
            assertThat(VP.diffusionSquared(t)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void theBisectionInverseRoundTripsAndToleratesAnUlpAtTheTop() {
        for (double t : new double[] {0.001, 0.3, 1.7, 3.99}) {
            assertThat(VP.timeAtNoiseLevel(VP.noiseLevel(t))).isCloseTo(t, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(VP.timeAtHalfLogSnr(VP.halfLogSnr(t))).isCloseTo(t, org.assertj.core.data.Offset.offset(1e-12));
        }
        double top = VP.noiseLevel(4);
        assertThat(VP.timeAtNoiseLevel(Math.nextUp(top))).isEqualTo(4.0);
        assertThatThrownBy(() -> VP.timeAtNoiseLevel(top * 1.001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("above this process's maximum");
    }
}
