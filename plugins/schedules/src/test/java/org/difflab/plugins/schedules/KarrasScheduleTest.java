package org.difflab.plugins.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import org.difflab.api.ForwardProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

class KarrasScheduleTest {

    /** EDM eq. 5 recomputed independently; 18 steps between 0.002 and 80 with rho = 7. */
    @Test
    void noiseLevelsFollowEdmEquationFiveAndEndAtZero() {
        KarrasSchedule schedule = new KarrasSchedule(new KarrasSchedule.Options(18, 7.0, null, null));
        double[] times = schedule.times(ReferenceProcesses.EDM_LIKE);
        assertThat(times).hasSize(19);
        for (int i = 0; i < 18; i++) {
            double expected = Math.pow(Math.pow(80, 1 / 7.0) + i / 17.0 * (Math.pow(0.002, 1 / 7.0)
                    - Math.pow(80, 1 / 7.0)), 7);
            assertThat(times[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * expected));
        }
        assertThat(times[0]).isEqualTo(80.0);
        assertThat(times[18]).isZero();
    }

    /**
     * (sigma_max^(1/rho))^rho can exceed sigma_max by an ulp; a process whose range ends exactly at sigma_max
     * (here a VP-like path reaching noise level 152.16697028394637 at its tMax = 1) must still accept the grid.
     */
    @Test
    void theTopLevelStaysInsideTheProcessRangeEvenWhenThePowerRoundTripOvershoots() {
        double top = 152.16697028394637;
        assertThat(Math.pow(Math.pow(top, 1 / 7.0), 7)).isGreaterThan(top);   // the round-off this guards against
        ForwardProcess bounded = new ForwardProcess() {
            public double alpha(double t) { return 1; }
            public double sigma(double t) { return top * t; }
            public double alphaDot(double t) { return 0; }
            public double sigmaDot(double t) { return top; }
            public double tMax() { return 1; }
            public double samplingStart() { return 1; }
            public double samplingEnd() { return 1e-4; }
        };
        double[] times = new KarrasSchedule(new KarrasSchedule.Options(10, 7.0, null, null)).times(bounded);
        assertThat(times[0]).isEqualTo(1.0);
    }
}
