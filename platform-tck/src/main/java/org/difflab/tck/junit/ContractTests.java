package org.difflab.tck.junit;

import java.util.List;
import java.util.stream.Stream;
import org.difflab.tck.Check;
import org.difflab.tck.Outcome;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns contract checks into JUnit dynamic tests: a failed check fails its test with the check's message (which
 * names the measured value), a skipped check is aborted (reported as skipped) with its reason.
 */
public final class ContractTests {

    private ContractTests() {}

    /** One dynamic test per check, named by the check. */
    public static Stream<DynamicTest> of(List<Check> checks) {
        return checks.stream().map(check -> DynamicTest.dynamicTest(check.name(), () -> run(check)));
    }

    /** Runs one check as a test body. */
    public static void run(Check check) {
        Outcome outcome = check.run();
        switch (outcome.status()) {
            case PASSED -> { }
            case SKIPPED -> Assumptions.abort(check.name() + " skipped: " + outcome.message());
            case FAILED -> Assertions.fail(check.name() + " failed: " + outcome.message());
            default -> throw new IllegalStateException(outcome.toString());
        }
    }
}
