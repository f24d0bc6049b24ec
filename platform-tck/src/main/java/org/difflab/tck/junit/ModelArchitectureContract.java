package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.ModelArchitecture;
import org.difflab.tck.ModelArchitectureChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link ModelArchitecture}: implement it in a test class of your plugin, return your
 * component from {@code createArchitecture()}, and every check becomes a test (skipped checks are reported as skipped, with why).

 */
public interface ModelArchitectureContract {

    /** The component under test (a new instance each call). */
    ModelArchitecture createArchitecture();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> modelArchitectureContract() {
        return ContractTests.of(ModelArchitectureChecks.of(createArchitecture()));
    }
}
