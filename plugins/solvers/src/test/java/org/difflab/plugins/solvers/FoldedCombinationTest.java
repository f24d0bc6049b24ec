package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.Denoiser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Solvers take the velocity, Euler moves and Heun's stages as one {@link Denoiser#combined} call, which the exact
 * denoiser folds into its posterior mean's last product. Folding only moves where the combination is rounded, so
 * every solver gives the samples it gives with a denoiser that computes x0_hat and then combines (the default),
 * to the rounding of float64.
 */
class FoldedCombinationTest {

    /** A 16-D mixture of five components with equal stds (the benchmark's shape of data), drawn once. */
    private static final GaussianMixture SIXTEEN = randomMixture(16, 5, 7);

    static Stream<Arguments> solversProcessesAndData() {
        List<Arguments> out = new ArrayList<>();
        for (SolverCatalogue.Case solver : SolverCatalogue.ALL) {
            for (ForwardProcess process : List.of(TestProcesses.EDM, TestProcesses.VP)) {
                out.add(Arguments.of(solver, process, Mixtures.THREE, "2-D, K=3"));
            }
            out.add(Arguments.of(solver, TestProcesses.EDM, SIXTEEN, "16-D, K=5"));
        }
        return out.stream();
    }

    /**
     * Folded and unfolded runs agree to 1e-12 of the samples' scale, for every solver of the module (the stochastic
     * ones draw the same noise either way). A fold that dropped or mis-scaled a coefficient (the map's weight on x,
     * the read-out, h) would move the samples by O(1).
     */
    @ParameterizedTest(name = "{0} on {1}, {3}")
    @MethodSource("solversProcessesAndData")
    void foldedSamplesEqualUnfoldedOnes(SolverCatalogue.Case solver, ForwardProcess process, GaussianMixture data,
            String described) {
        double[] grid = Grids.karras(process, 18, 0.002, 80, 7);
        Denoiser unfolded = (x, t) -> data.posteriorMean(x, PathPoint.of(process, t));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = Measure.prior(manager, process, 80, 64, data.dims(), 5);
            TestContext folding = new TestContext(process, data, 3);
            TestContext plain = new TestContext(process, unfolded, 3);
            NDArray folded = folding.integrate(solver.solver().get(), grid, x).x();
            NDArray reference = plain.integrate(solver.solver().get(), grid, x).x();
            assertThat(folding.calls()).isEqualTo(plain.calls());
            double scale = reference.abs().max().getDouble();
            assertThat(Measure.maxAbs(folded, reference)).isLessThanOrEqualTo(1e-12 * scale);
        }
    }

    /** K components in d dimensions: means N(0, 2^2 I), std 0.5, weights uniform on [0.5, 1.5). */
    static GaussianMixture randomMixture(int d, int k, long seed) {
        Rng rng = new Rng(seed);
        double[][] means = new double[k][d];
        double[] stds = new double[k];
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                means[i][j] = 2 * rng.nextGaussian();
            }
            stds[i] = 0.5;
            weights[i] = 0.5 + rng.nextDouble();
        }
        return new GaussianMixture(means, stds, weights);
    }
}
