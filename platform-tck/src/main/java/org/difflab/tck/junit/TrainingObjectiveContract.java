package org.difflab.tck.junit;

import java.util.List;
import java.util.stream.Stream;
import org.difflab.api.TrainingObjective;
import org.difflab.tck.NamedProcess;
import org.difflab.tck.TrainingObjectiveChecks;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link TrainingObjective}: implement it in a test class of your plugin,
 * return your component from {@code createObjective()}, and every check becomes a test (skipped checks are reported
 * as skipped, with why). The objective trains a small network on the contract suite's reference mixture
 * ({@link org.difflab.tck.fixtures.ReferenceTrainingContext}); a teacher option can name
 * {@link org.difflab.tck.fixtures.ReferenceModel#choice()}.
 */
public interface TrainingObjectiveContract {

    /** The component under test (a new instance each call). */
    TrainingObjective createObjective();

    /** The processes the objective trains on: by default the contract suite's reference processes. */
    default List<NamedProcess> processes() {
        return ReferenceProcesses.all();
    }

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> trainingObjectiveContract() {
        return ContractTests.of(TrainingObjectiveChecks.of(createObjective(), processes()));
    }
}
