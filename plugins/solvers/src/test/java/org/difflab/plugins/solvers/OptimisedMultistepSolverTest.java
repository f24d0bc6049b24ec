package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Solver;
import org.difflab.api.SpecFile;
import org.difflab.api.math.PathPoint;
import org.difflab.api.sampling.WeightCorrections;
import org.difflab.plugins.solvers.OptimisedMultistepSolver.Base;
import org.difflab.tck.junit.SolverContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * optimised-multistep: without corrections its base method exactly (and the solver contract); with corrections the
 * base weights plus the file's, re-derived here; a file is used only on its own grid; bad files are named.
 */
class OptimisedMultistepSolverTest extends ArrayTest implements SolverContract {

    @TempDir
    Path dir;

    @Override
    public Solver createSolver() {
        return new OptimisedMultistepSolver(new OptimisedMultistepSolver.Options(null, Base.IPNDM));
    }

    private static OptimisedMultistepSolver withFile(Path file, Base base) {
        return new OptimisedMultistepSolver(new OptimisedMultistepSolver.Options(SpecFile.of(file.toString()), base));
    }

    /** A file of zero corrections on the grid of these levels, base ipndm. */
    private static String zero(double[] levels) {
        return new WeightCorrections("ipndm", levels, new double[levels.length][WeightCorrections.PER_STEP])
                .text(List.of("zero corrections"));
    }

    private NDArray run(Solver solver, ForwardProcess process, double[] grid, NDArray x) {
        return new TestContext(process, Mixtures.THREE, 0).integrate(solver, grid, x).x();
    }

    private static double[] levels(ForwardProcess process, double[] grid) {
        double[] levels = new double[grid.length - 1];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = process.noiseLevel(grid[i]);
        }
        return levels;
    }

    @Test
    void withoutCorrectionsItIsItsBaseMethod() {
        for (ForwardProcess process : List.of(TestProcesses.EDM, TestProcesses.VP)) {
            double[] grid = Grids.karras(process, 12, process.noiseLevel(process.samplingEnd()), 80, 7);
            NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 3);
            NDArray ipndm = run(new IpndmSolver(new IpndmSolver.Options(4)), process, grid, x);
            NDArray dpmpp = run(new DpmSolverPlusPlus2M(), process, grid, x);
            // the same sums in another order: round-off only
            assertThat(Measure.maxAbs(run(createSolver(), process, grid, x), ipndm)).as(process.toString())
                    .isLessThan(1e-12);
            assertThat(Measure.maxAbs(run(new OptimisedMultistepSolver(new OptimisedMultistepSolver.Options(null,
                    Base.DPMPP_2M)), process, grid, x), dpmpp)).as(process.toString()).isLessThan(1e-12);
        }
    }

    /**
     * iPNDM's step x~_{i+1} = x~_i + (rho_{i+1} - rho_i) sum_k w_k eps_{i-k} in EDM coordinates, with the
     * Adams-Bashforth weights w corrected by delta (added to w_{1+k}, subtracted from w_0); to sigma = 0 x0_hat.
     */
    private static NDArray ipndmCorrected(ForwardProcess p, NDArray x, double[] grid, double[][] delta) {
        double[][] ab = {{1}, {1.5, -0.5}, {23 / 12.0, -16 / 12.0, 5 / 12.0},
            {55 / 24.0, -59 / 24.0, 37 / 24.0, -9 / 24.0}};
        List<NDArray> slopes = new ArrayList<>();
        for (int i = 0; i < grid.length - 1; i++) {
            double alpha = p.alpha(grid[i]);
            double rho = p.noiseLevel(grid[i]);
            NDArray x0 = Mixtures.THREE.posteriorMean(x, PathPoint.of(p, grid[i]));
            if (p.sigma(grid[i + 1]) == 0) {
                return x0.mul(p.alpha(grid[i + 1]));
            }
            slopes.add(0, x.div(alpha).sub(x0).div(rho));
            double[] w = ab[Math.min(i, 3)].clone();
            for (int k = 0; k < Math.min(i, 3); k++) {
                w[0] -= delta[i][k];
                w[1 + k] += delta[i][k];
            }
            NDArray tilde = x.div(alpha);
            for (int k = 0; k < w.length; k++) {
                tilde = tilde.add(slopes.get(k).mul((p.noiseLevel(grid[i + 1]) - rho) * w[k]));
            }
            x = tilde.mul(p.alpha(grid[i + 1]));
        }
        return x;
    }

    @Test
    void correctionsShiftTheBaseWeightsOnTheGridTheyWereFittedOn() throws IOException {
        ForwardProcess process = TestProcesses.VP;
        double[] grid = Grids.karras(process, 6, process.noiseLevel(process.samplingEnd()), 80, 7);
        double[][] delta = {{0, 0, 0}, {0.3, 0, 0}, {-0.2, 0.1, 0}, {0.05, -0.4, 0.2}, {0.1, 0.1, -0.1},
            {0, 0, 0}};
        Path file = Files.writeString(dir.resolve("w.csv"), new WeightCorrections("ipndm", levels(process, grid),
                delta).text(List.of("test")));
        NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 5);
        NDArray solved = run(withFile(file, Base.IPNDM), process, grid, x);
        assertThat(Measure.maxAbs(solved, ipndmCorrected(process, x, grid, delta))).isLessThan(1e-12);
        // the corrections change the result (they are not ignored)
        assertThat(Measure.maxAbs(solved, run(createSolver(), process, grid, x))).isGreaterThan(1e-3);
    }

    @Test
    void aFileIsUsedOnlyOnItsOwnGrid() throws IOException {
        ForwardProcess process = TestProcesses.EDM;
        double[] grid = Grids.karras(process, 6, 0.002, 80, 7);
        Path file = Files.writeString(dir.resolve("six.csv"), zero(levels(process, grid)));
        NDArray x = Measure.prior(manager, process, grid[0], 8, 2, 5);
        // zero corrections on its grid: the base method
        assertThat(Measure.maxAbs(run(withFile(file, Base.IPNDM), process, grid, x), run(createSolver(), process,
                grid, x))).isLessThan(1e-12);
        double[] other = Grids.karras(process, 6, 0.002, 80, 5);
        assertThatThrownBy(() -> run(withFile(file, Base.IPNDM), process, other, x))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("fitted on a 6-step grid").hasMessageContaining("explicit schedule");
        assertThatThrownBy(() -> run(withFile(file, Base.IPNDM), process, Grids.karras(process, 7, 0.002, 80, 7), x))
                .hasMessageContaining("this grid has 7 steps");
    }

    @Test
    void aBadFileIsNamedWithWhatIsAccepted() throws IOException {
        String header = "base: ipndm\n";
        List<String[]> cases = List.of(
                new String[] {"80, 0, 0, 0\n", "line 1 ('80, 0, 0, 0'): expected 'base: <method>' first"},
                new String[] {header + "80, 0, 0\n", "line 2 ('80, 0, 0'): 3 numbers"},
                new String[] {header + "80, 0, 0, 0\n1, x, 0, 0\n", "'x' is not a number"},
                new String[] {header + "80, 0, 0, 0\n1, NaN, 0, 0\n", "'NaN' is not finite"},
                new String[] {header + "80, 0, 0, 0\n90, 0, 0, 0\n", "noise level 90.0 is not positive and below"},
                new String[] {header + "80, 0.5, 0, 0\n", "step 0 has no output of step 0 - 1"},
                new String[] {header + "# only a comment\n", "no steps"},
                new String[] {"base: dpmpp-2m\n80, 0, 0, 0\n", "fitted on base 'dpmpp-2m' but the solver's base is"
                    + " 'ipndm'; set base: dpmpp-2m"});
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("bad.csv"), c[0]);
            assertThatThrownBy(() -> withFile(file, Base.IPNDM)).as(c[0]).isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(c[1])
                    .hasMessageContaining("accepted").extracting(e -> ((InvalidOptionException) e).key())
                    .isEqualTo("coefficients");
        }
        assertThatThrownBy(() -> withFile(dir.resolve("missing.csv"), Base.IPNDM))
                .hasMessageContaining("missing.csv: not a regular file");
    }

    @Test
    void declaresOrderTwoAsItsBaseAndOneWithFittedWeights() throws IOException {
        assertThat(createSolver().order()).isEqualTo(2);
        Path file = Files.writeString(dir.resolve("one.csv"), zero(new double[] {80, 1}));
        assertThat(withFile(file, Base.IPNDM).order()).isEqualTo(1);
    }
}
