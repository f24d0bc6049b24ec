package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.Solver;
import org.difflab.tck.SolverChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link Solver}: implement it in a test class of your plugin, return your
 * component from {@code createSolver()}, and every check becomes a test (skipped checks are reported as skipped, with why).
 *
 * <pre>  class MySolverTest implements SolverContract {
 *     public Solver createSolver() { return new MySolver(); }
 * }</pre>
 */
public interface SolverContract extends ContractProcesses {

    /** The component under test (a new instance each call). */
    Solver createSolver();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> solverContract() {
        return ContractTests.of(SolverChecks.of(createSolver(), processes()));
    }
}
