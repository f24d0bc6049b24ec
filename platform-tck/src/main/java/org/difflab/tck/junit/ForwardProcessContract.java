package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.ForwardProcess;
import org.difflab.tck.ForwardProcessChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link ForwardProcess}: implement it in a test class of your plugin, return your
 * component from {@code createProcess()}, and every check becomes a test (skipped checks are reported as skipped, with why).
 *
 * <pre>  class MyProcessTest implements ForwardProcessContract {
 *     public ForwardProcess createProcess() { return new MyProcess(new MyProcess.Options(...)); }
 * }</pre>
 */
public interface ForwardProcessContract {

    /** The component under test (a new instance each call). */
    ForwardProcess createProcess();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> forwardProcessContract() {
        return ContractTests.of(ForwardProcessChecks.of(createProcess()));
    }
}
