package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.NoiseDistribution;
import org.difflab.tck.NoiseDistributionChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link NoiseDistribution}: implement it in a test class of your plugin, return your
 * component from {@code createNoiseDistribution()}, and every check becomes a test (skipped checks are reported as skipped, with why).

 */
public interface NoiseDistributionContract extends ContractProcesses {

    /** The component under test (a new instance each call). */
    NoiseDistribution createNoiseDistribution();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> noiseDistributionContract() {
        return ContractTests.of(NoiseDistributionChecks.of(createNoiseDistribution(), processes()));
    }
}
