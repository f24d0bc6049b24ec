package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.Preconditioner;
import org.difflab.tck.PreconditionerChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link Preconditioner}: implement it in a test class of your plugin, return your
 * component from {@code createPreconditioner()}, and every check becomes a test (skipped checks are reported as skipped, with why).

 */
public interface PreconditionerContract extends ContractProcesses {

    /** The component under test (a new instance each call). */
    Preconditioner createPreconditioner();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> preconditionerContract() {
        return ContractTests.of(PreconditionerChecks.of(createPreconditioner(), processes()));
    }
}
