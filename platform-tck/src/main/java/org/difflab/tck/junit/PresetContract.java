package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.Preset;
import org.difflab.tck.PresetChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link Preset}: implement it in a test class of your plugin, return your
 * component from {@code createPreset()}, and every check becomes a test.
 */
public interface PresetContract {

    /** The component under test (a new instance each call). */
    Preset createPreset();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> presetContract() {
        return ContractTests.of(PresetChecks.of(createPreset()));
    }
}
