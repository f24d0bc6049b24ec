package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.Guidance;
import org.difflab.tck.GuidanceChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link Guidance}: implement it in a test class of your plugin, return your
 * component from {@code createGuidance()}, and every check becomes a test (skipped checks are reported as skipped,
 * with why). The guidance composes the exact class-conditional denoiser of the contract suite's labelled mixture
 * ({@link org.difflab.tck.fixtures.ReferenceGuidanceContext}); a guide option can name
 * {@link org.difflab.tck.fixtures.ReferenceModel#choice()}.
 */
public interface GuidanceContract extends ContractProcesses {

    /** The component under test (a new instance each call). */
    Guidance createGuidance();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> guidanceContract() {
        return ContractTests.of(GuidanceChecks.of(createGuidance(), processes()));
    }
}
