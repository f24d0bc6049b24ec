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

    /** A closed-form inverse is held to [tMin, tMax] by round-off only; unreachable levels name the range. */
    @Test
    void theClosedFormRangeCheckSnapsRoundOffAndNamesTheRange() {
        assertThat(VP.checkedInverse(4 + 1e-13, 1.0)).isEqualTo(4.0);
        assertThat(VP.checkedInverse(-1e-13, 0.0)).isZero();
        assertThat(VP.checkedInverse(2.5, 1.0)).isEqualTo(2.5);
        assertThatThrownBy(() -> VP.checkedInverse(4.001, 9.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("noise level 9.0 is above this process's maximum " + VP.noiseLevel(4))
                .hasMessageContaining("(at t=4.0)");
        assertThatThrownBy(() -> VP.checkedInverse(0.5, -1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("noise level -1.0 is below this process's minimum 0.0 (at t=0.0)");
        assertThatThrownBy(() -> VP.checkedInverse(Double.NaN, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below");
        // an unbounded range (EDM's t = sigma): any finite time above tMin passes
        ForwardProcess edm = new ForwardProcess() {
            public double alpha(double t) { return 1; }
            public double sigma(double t) { return t; }
            public double alphaDot(double t) { return 0; }
            public double sigmaDot(double t) { return 1; }
            public double tMax() { return Double.POSITIVE_INFINITY; }
            public double samplingStart() { return 80; }
            public double samplingEnd() { return 0.002; }
        };
        assertThat(edm.checkedInverse(1e6, 1e6)).isEqualTo(1e6);
        assertThatThrownBy(() -> edm.checkedInverse(-1e-3, -1e-3)).isInstanceOf(IllegalArgumentException.class);
    }
}
