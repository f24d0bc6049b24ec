package org.difflab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.ForwardProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

class PriorTest {

    @Test
    void noiseIsSigmaAndMarginalIsTheMarginalsStd() {
        ForwardProcess edm = ReferenceProcesses.EDM_LIKE;   // alpha = 1, sigma = t
        assertThat(Prior.NOISE.scale(edm, 80, 0.5)).isEqualTo(80);
        assertThat(Prior.MARGINAL.scale(edm, 80, 0.5)).isCloseTo(Math.sqrt(0.25 + 6400), within(1e-12));
        assertThat(Prior.MARGINAL.scale(edm, 2, 1.5)).isCloseTo(2.5, within(1e-15));
        // variance preserving, alpha^2 + sigma^2 = 1: unit data give plain z at any t0 (diffusers' start)
        ForwardProcess vp = ReferenceProcesses.VP_SDE;
        for (double t : new double[] {1.0, 0.5, 0.1}) {
            assertThat(Prior.MARGINAL.scale(vp, t, 1.0)).isCloseTo(1.0, within(1e-15));
            assertThat(Prior.NOISE.scale(vp, t, 1.0)).isEqualTo(vp.sigma(t));
        }
        // alpha = 0 (rectified flow at t = 1): both are sigma
        ForwardProcess flow = ReferenceProcesses.FLOW_LIKE;
        assertThat(Prior.MARGINAL.scale(flow, 1.0, 0.7)).isEqualTo(Prior.NOISE.scale(flow, 1.0, 0.7));
    }
}
