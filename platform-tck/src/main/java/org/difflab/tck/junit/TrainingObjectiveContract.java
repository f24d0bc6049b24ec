package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.TrainingObjective;
import org.difflab.tck.TrainingObjectiveChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link TrainingObjective}: implement it in a test class of your plugin,
 * return your component from {@code createObjective()}, and every check becomes a test (skipped checks are reported
 * as skipped, with why). The objective trains a small network on the contract suite's reference mixture
 * ({@link org.difflab.tck.fixtures.ReferenceTrainingContext}); a teacher option can name
 * {@link org.difflab.tck.fixtures.ReferenceModel#choice()}.
 */
public interface TrainingObjectiveContract extends ContractProcesses {

    /** The component under test (a new instance each call). */
    TrainingObjective createObjective();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> trainingObjectiveContract() {
        return ContractTests.of(TrainingObjectiveChecks.of(createObjective(), processes()));
    }
}
