package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.TimestepSchedule;
import org.difflab.tck.TimestepScheduleChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link TimestepSchedule}: implement it in a test class of your plugin,
 * return your schedule with N steps from {@link #createSchedule(int)}, and every check becomes a test.
 *
 * <pre>  class MyScheduleTest implements TimestepScheduleContract {
 *     public TimestepSchedule createSchedule(int steps) { return new MySchedule(new MySchedule.Options(steps)); }
 * }</pre>
 */
public interface TimestepScheduleContract extends ContractProcesses {

    /** The schedule under test with {@code steps} steps (a new instance each call). */
    TimestepSchedule createSchedule(int steps);

    /** Whether {@link #createSchedule(int)} honours its argument; false skips the length check. */
    default boolean hasStepCount() {
        return true;
    }

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> timestepScheduleContract() {
        return ContractTests.of(TimestepScheduleChecks.of(createSchedule(18), hasStepCount() ? this::createSchedule : null,
                processes()));
    }
}
