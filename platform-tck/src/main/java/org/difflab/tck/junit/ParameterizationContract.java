package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.Parameterization;
import org.difflab.tck.ParameterizationChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link Parameterization}: implement it in a test class of your plugin, return your
 * component from {@code createParameterization()}, and every check becomes a test (skipped checks are reported as skipped, with why).

 */
public interface ParameterizationContract extends ContractProcesses {

    /** The component under test (a new instance each call). */
    Parameterization createParameterization();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> parameterizationContract() {
        return ContractTests.of(ParameterizationChecks.of(createParameterization(), processes()));
    }
}
