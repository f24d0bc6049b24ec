package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.LossWeighting;
import org.difflab.tck.LossWeightingChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link LossWeighting}: implement it in a test class of your plugin, return your
 * component from {@code createLossWeighting()}, and every check becomes a test (skipped checks are reported as skipped, with why).

 */
public interface LossWeightingContract extends ContractProcesses {

    /** The component under test (a new instance each call). */
    LossWeighting createLossWeighting();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> lossWeightingContract() {
        return ContractTests.of(LossWeightingChecks.of(createLossWeighting(), processes()));
    }
}
