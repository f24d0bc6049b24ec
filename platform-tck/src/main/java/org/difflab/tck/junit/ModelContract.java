package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.Model;
import org.difflab.tck.ModelChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link Model}: implement it in a test class of your plugin, return your
 * component from {@code createModel()}, and every check becomes a test (skipped checks are reported as skipped, with
 * why). The model is loaded in the contract suite's settings: the reference mixture, unlabelled and labelled, on each
 * process.
 */
public interface ModelContract extends ContractProcesses {

    /** The component under test (a new instance each call). */
    Model createModel();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> modelContract() {
        return ContractTests.of(ModelChecks.of(createModel(), processes()));
    }
}
