package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.difflab.tck.Check;
import org.difflab.tck.Outcome;
import org.difflab.tck.SolverChecks;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.oracle.TwoSampleComparison;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * (d) Stochastic solvers reach the data distribution: with enough steps their samples are statistically
 * indistinguishable (at 4 standard errors, the contract suite's {@link TwoSampleComparison}) from 512 draws of the
 * mixture itself, in the configurations and on the processes the contract suite (which builds each solver from its
 * defaults and runs on its reference processes) does not reach.
 * Step counts are where each sampler's discretization bias is well below the statistics' standard errors
 * (in a probe run every statistic was within 2.2 standard errors; Euler-Maruyama, weakly first order, needs
 * 512 steps: at 256 its component shares were already 2.9 standard errors off).
 */
class SamplingDistributionTest {

    private static final int COUNT = 512;
    private static final GaussianMixture DATA = Mixtures.THREE;

    static Stream<Arguments> stochasticSolvers() {
        return Stream.of(
                Arguments.of(SolverCatalogue.EDM_CHURN, TestProcesses.EDM, 64),
                Arguments.of(SolverCatalogue.EDM_CHURN, TestProcesses.VP, 64),
                Arguments.of(SolverCatalogue.DDIM_ETA1, TestProcesses.VP, 64),
                Arguments.of(SolverCatalogue.DDPM, TestProcesses.LINEAR_VP, 64),
                Arguments.of(SolverCatalogue.EM_SDE, TestProcesses.VP, 512),
                Arguments.of(SolverCatalogue.EM_SDE, TestProcesses.LINEAR_VP, 512),
                Arguments.of(SolverCatalogue.PC, TestProcesses.EDM, 64),
                Arguments.of(SolverCatalogue.PC_EM, TestProcesses.LINEAR_VP, 64),
                Arguments.of(SolverCatalogue.EULER_ANCESTRAL, TestProcesses.EDM, 64),
                Arguments.of(SolverCatalogue.DPMPP_2S_ANCESTRAL, TestProcesses.VP, 64),
                Arguments.of(SolverCatalogue.DPMPP_2M_SDE, TestProcesses.VP, 64),
                Arguments.of(SolverCatalogue.DPMPP_3M_SDE, TestProcesses.EDM, 64),
                Arguments.of(SolverCatalogue.DPMPP_SDE, TestProcesses.LINEAR_VP, 64));
    }

    private static double[][] sample(SolverCatalogue.Case c, ForwardProcess process, int steps, long seed) {
        double[] grid = Grids.karras(process, steps, process.noiseLevel(process.samplingEnd()),
                Math.min(80, process.noiseLevel(process.samplingStart())), 7);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = Measure.prior(manager, process, grid[0], COUNT, DATA.dims(), seed);
            NDArray out = new TestContext(process, DATA, seed + 1).integrate(c.solver().get(), grid, x).x();
            double[] flat = out.toDoubleArray();
            double[][] rows = new double[COUNT][DATA.dims()];
            for (int i = 0; i < COUNT; i++) {
                System.arraycopy(flat, i * DATA.dims(), rows[i], 0, DATA.dims());
            }
            return rows;
        }
    }

    @ParameterizedTest(name = "{0} on {1}, N = {2}")
    @MethodSource("stochasticSolvers")
    void samplesMatchTheData(SolverCatalogue.Case c, ForwardProcess process, int steps) {
        double[][] samples = sample(c, process, steps, 100);
        double[][] reference = DATA.sample(COUNT, new Rng(7));
        List<String> failures = TwoSampleComparison.failures(samples, reference, DATA);
        assertThat(failures).as(c + " on " + process).isEmpty();
    }

    static Stream<SolverCatalogue.Case> stochasticCases() {
        return SolverCatalogue.ALL.stream().filter(SolverCatalogue.Case::stochastic);
    }

    /**
     * The contract suite's solver.distribution passes every stochastic configuration of this module, not only the
     * defaults that {@code difflab verify} builds (edm-stochastic and ddim are deterministic by default).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stochasticCases")
    void passesTheContractSuitesDistributionCheck(SolverCatalogue.Case c) {
        Check check = SolverChecks.of(c.solver().get(), ReferenceProcesses.all()).stream()
                .filter(k -> k.name().equals("solver.distribution")).findFirst().orElseThrow();
        Outcome outcome = check.run();
        System.out.println(c + ": " + outcome.message());
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.PASSED);
    }
}
