package org.difflab.tck;

import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.assertSkipped;
import static org.difflab.tck.Outcomes.run;

import org.difflab.api.TimestepSchedule;
import org.difflab.api.sampling.NoiseLevelSchedule;
import org.difflab.api.sampling.NoiseLevels;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.TimestepScheduleContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TimestepScheduleChecksTest {

    /** Geometric noise levels from the process's range, as EDM's VE discretization. */
    static TimestepSchedule geometric(int steps) {
        return new NoiseLevelSchedule(steps, null, null) {
            @Override
            protected double[] noiseLevels(int n, double lo, double hi) {
                return NoiseLevels.geometric(n, lo, hi);
            }
        };
    }

    @Test
    void aGeometricScheduleFailsNothingAndSaysWhereItDoesNotApply() {
        var checks = TimestepScheduleChecks.of(geometric(18), TimestepScheduleChecksTest::geometric,
                ReferenceProcesses.all());
        for (Check check : checks) {
            Outcome outcome = check.run();
            assertPassed(outcome);
            // flow-like's noise level at samplingStart is infinite: a noise-level schedule rejects it
            org.assertj.core.api.Assertions.assertThat(outcome.message()).contains("not applicable on flow-like");
        }
    }

    @Test
    void aScheduleWithOneTimeTooManyFailsTheLength() {
        var checks = TimestepScheduleChecks.of(geometric(18), n -> geometric(n + 1), ReferenceProcesses.all());
        assertFailed(run(checks, "schedule.length"), "with steps = 1 the grid on edm-like has 3 times; expected N + 1 = 2");
    }

    @Test
    void aRepeatedTimeFailsMonotonicity() {
        TimestepSchedule repeated = process -> new double[] {80, 10, 10, 1, 0};
        assertFailed(run(TimestepScheduleChecks.of(repeated, null, ReferenceProcesses.all()), "schedule.decreasing"),
                "not strictly decreasing on edm-like: t[1] = 10, t[2] = 10");
    }

    @Test
    void aGridThatDoesNotEndAtTminFails() {
        TimestepSchedule noFinal = process -> new double[] {1.0, 0.5, 0.01};
        var checks = TimestepScheduleChecks.of(noFinal, null, java.util.List.of(ReferenceProcesses.all().get(2)));
        assertFailed(run(checks, "schedule.in-range"), "the last time on flow-like is 0.01");
    }

    @Test
    void aRandomGridFailsDeterminism() {
        java.util.Random random = new java.util.Random(1);
        TimestepSchedule jittery = process -> new double[] {80, 10 + random.nextDouble(), 0};
        assertFailed(run(TimestepScheduleChecks.of(jittery, null, ReferenceProcesses.all()), "schedule.deterministic"),
                "two calls on edm-like gave different grids");
    }

    @Test
    void withoutAStepCountTheLengthIsSkipped() {
        TimestepSchedule fixed = process -> new double[] {process.samplingStart(), process.tMin()};
        assertSkipped(run(TimestepScheduleChecks.of(fixed, null, ReferenceProcesses.all()), "schedule.length"),
                "no step count option");
    }

    /** The mix-in, as a plugin author uses it. */
    @Nested
    class MixIn implements TimestepScheduleContract {
        @Override
        public TimestepSchedule createSchedule(int steps) {
            return geometric(steps);
        }
    }
}
