package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.api.Capability;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Solution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Solver contract for every solver: exact NFE, bit-identical results for a seed, and no denoiser call
 * outside [tMin, tMax] or at sigma = 0 (the test context throws on such a call).
 */
class SolverContractTest {

    private static final List<ForwardProcess> PROCESSES = List.of(TestProcesses.EDM, TestProcesses.VP,
            TestProcesses.LINEAR_VP, TestProcesses.FLOW);

    /** A 12-step rho = 7 grid over the process's default range, ending at tMin (sigma = 0 there). */
    private static double[] gridToZero(ForwardProcess process) {
        return Grids.karras(process, 12, process.noiseLevel(process.samplingEnd()),
                process.noiseLevel(process.samplingStart()), 7);
    }

    static Stream<Arguments> casesAndProcesses() {
        return SolverCatalogue.ALL.stream().flatMap(c -> PROCESSES.stream().map(p -> Arguments.of(c, p)));
    }

    static Stream<SolverCatalogue.Case> cases() {
        return SolverCatalogue.ALL.stream();
    }

    private static void assertNfe(SolverCatalogue.Case c, Solution solution, TestContext context, int steps,
            boolean toZero) {
        assertThat(solution.nfe()).as("counted NFE vs denoiser calls").isEqualTo(context.calls());
        Integer expected = c.nfe().nfe(steps, toZero);
        if (expected != null) {
            assertThat(solution.nfe()).as("NFE formula").isEqualTo(expected);
        } else {
            // rk45: f(start) + one initial-step probe + 6 per attempted Dormand-Prince step (+ the final denoise)
            assertThat((solution.nfe() - 2 - (toZero ? 1 : 0)) % 6).isZero();
        }
    }

    /** (c) and (f): exact NFE, and every call inside the range at sigma > 0, on grids ending at sigma = 0. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("casesAndProcesses")
    void countsItsCallsAndStaysWhereTheDenoiserIsDefined(SolverCatalogue.Case c, ForwardProcess process) {
        double[] grid = gridToZero(process);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = Measure.prior(manager, process, grid[0], 16, 2, 3);
            TestContext context = new TestContext(process, Mixtures.THREE, 1);
            Solution solution = context.integrate(c.solver().get(), grid, x);
            assertNfe(c, solution, context, grid.length - 1, true);
            assertThat(context.callTimes()).allSatisfy(t -> assertThat(t).isBetween(process.tMin(), process.tMax())
                    .isGreaterThan(process.tMin()));
            assertThat(solution.x().isNaN().any().getBoolean()).isFalse();
            assertThat(solution.x().isInfinite().any().getBoolean()).isFalse();
        }
    }

    /** (c) on a grid whose final time has sigma > 0: no final denoise, full-order last steps. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void countsItsCallsOnAGridEndingAboveZero(SolverCatalogue.Case c) {
        ForwardProcess process = TestProcesses.VP;
        double[] grid = Grids.karrasWithoutFinalStep(process, 9, 0.05, 80, 7);
        try (NDManager manager = NDManager.newBaseManager()) {
            TestContext context = new TestContext(process, Mixtures.THREE, 1);
            Solution solution = context.integrate(c.solver().get(), grid,
                    Measure.prior(manager, process, 80, 16, 2, 3));
            assertNfe(c, solution, context, 9, false);
        }
    }

    /** (f) The flow-matching end t = 1 (alpha = 0): taken in the limit, or refused up front with a reason. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void startsAtPureNoiseOrSaysWhyNot(SolverCatalogue.Case c) {
        ForwardProcess flow = TestProcesses.FLOW;
        double[] grid = Grids.karras(flow, 10, 0.01, 50, 7);
        grid[0] = 1.0; // replace the first time by the pure-noise end
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = Measure.prior(manager, flow, 1.0, 16, 2, 3);
            TestContext context = new TestContext(flow, Mixtures.THREE, 1);
            Solver solver = c.solver().get();
            if (SolverCatalogue.NEED_FINITE_START.contains(c)) {
                assertThatThrownBy(() -> context.integrate(solver, grid, x))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("t=1.0");
                assertThat(context.calls()).isLessThanOrEqualTo(1); // refused before any real work
            } else {
                Solution solution = context.integrate(solver, grid, x);
                assertThat(solution.x().isNaN().any().getBoolean()).isFalse();
                assertThat(solution.x().isInfinite().any().getBoolean()).isFalse();
                assertNfe(c, solution, context, 10, true);
            }
        }
    }

    /** (e) Same seed: bit-identical output; stochastic solvers differ for another seed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameSeedGivesBitIdenticalOutput(SolverCatalogue.Case c) {
        ForwardProcess process = TestProcesses.VP;
        double[] grid = gridToZero(process);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = Measure.prior(manager, process, grid[0], 16, 2, 3);
            double[] first = new TestContext(process, Mixtures.THREE, 42).integrate(c.solver().get(), grid, x).x()
                    .toDoubleArray();
            double[] second = new TestContext(process, Mixtures.THREE, 42).integrate(c.solver().get(), grid, x).x()
                    .toDoubleArray();
            double[] other = new TestContext(process, Mixtures.THREE, 43).integrate(c.solver().get(), grid, x).x()
                    .toDoubleArray();
            assertThat(second).containsExactly(first);
            assertThat(Arrays.equals(first, other)).isEqualTo(!c.stochastic());
            assertThat(c.solver().get().capabilities().contains(Capability.STOCHASTIC)).isEqualTo(c.stochastic());
        }
    }

    /**
     * Memory stays flat: every step's temporaries are freed, so the arrays left alive on the manager after a
     * solve (the output, and the caller's input) do not depend on the number of steps.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void leavesNoPerStepArraysBehind(SolverCatalogue.Case c) {
        ForwardProcess process = TestProcesses.VP;
        int[] alive = new int[2];
        int k = 0;
        for (int steps : new int[] {6, 24}) {
            double[] grid = Grids.karras(process, steps, 0.002, 80, 7);
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray x = Measure.prior(manager, process, grid[0], 8, 2, 3);
                int before = manager.getManagedArrays().size();
                new TestContext(process, Mixtures.THREE, 1).integrate(c.solver().get(), grid, x);
                alive[k++] = manager.getManagedArrays().size() - before;
            }
        }
        assertThat(alive[1]).isEqualTo(alive[0]);
        assertThat(alive[0]).isLessThanOrEqualTo(2);
    }

    @Test
    void rejectsGridsThatAreNotStrictlyDecreasingOrLeaveTheRange() {
        Solver solver = new HeunSolver();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = Measure.prior(manager, TestProcesses.VP, 1, 4, 2, 3);
            TestContext context = new TestContext(TestProcesses.VP, Mixtures.THREE, 1);
            assertThatThrownBy(() -> context.integrate(solver, new double[] {1.0}, x))
                    .hasMessageContaining("at least 2 times");
            assertThatThrownBy(() -> context.integrate(solver, new double[] {1.0, 2.0, 0.0}, x))
                    .hasMessageContaining("strictly decrease");
            assertThatThrownBy(() -> context.integrate(solver, new double[] {120.0, 1.0, 0.0}, x))
                    .hasMessageContaining("outside the process's range");
            assertThat(context.calls()).isZero();
        }
    }

    /**
     * (f) Churn beyond the process's largest noise level is clamped to tMax: the VP-like process ends at
     * t = 100 (noise level 100); starting at 90 with gamma = sqrt(2) - 1 would ask for 127.
     */
    @Test
    void edmChurnIsClampedToTheProcesssRange() {
        ForwardProcess vp = TestProcesses.VP;
        double[] grid = Grids.karras(vp, 4, 0.5, 90, 7);
        Solver solver = new EdmStochasticSolver(new EdmStochasticSolver.Options(10, 0, null, 1));
        try (NDManager manager = NDManager.newBaseManager()) {
            TestContext context = new TestContext(vp, Mixtures.THREE, 1);
            Solution solution = context.integrate(solver, grid, Measure.prior(manager, vp, 90, 8, 2, 3));
            assertThat(context.callTimes().get(0)).isEqualTo(vp.tMax());
            assertThat(context.callTimes()).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(vp.tMax()));
            assertThat(solution.nfe()).isEqualTo(7);
        }
    }
}
