package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.PathPoint;
import org.junit.jupiter.api.Test;

/**
 * unipc against UniPC's published multistep sampler ({@link UniPcReference}), its equivalences, and why the
 * corrector costs nothing.
 */
class UniPcTest extends ArrayTest {

    private static final ForwardProcess EDM = TestProcesses.EDM;
    private static final ForwardProcess VP = TestProcesses.VP;

    private static NDArray denoiser(NDArray xTilde, double sigma) {
        return Mixtures.THREE.posteriorMean(xTilde, new PathPoint(sigma, 1.0, sigma, 0.0, 1.0));
    }

    private static UniPcSolver unipc(UniPcSolver.Variant variant, int order, boolean corrector, boolean lowerFinal) {
        return new UniPcSolver(new UniPcSolver.Options(variant, order, corrector, lowerFinal));
    }

    private NDArray run(Solver solver, ForwardProcess process, double[] grid, NDArray x) {
        return new TestContext(process, Mixtures.THREE, 0).integrate(solver, grid, x).x();
    }

    /** The reference on x~ = x/alpha over the grid's noise levels, mapped back by alpha(t_N). */
    private static NDArray reference(ForwardProcess process, double[] grid, NDArray x, int order, boolean bh1,
            boolean corrector, boolean lowerFinal) {
        double[] sigmas = Arrays.stream(grid).map(process::noiseLevel).toArray();
        NDArray tilde = UniPcReference.sample(UniPcTest::denoiser, x.div(process.alpha(grid[0])), sigmas, order, bh1,
                corrector, lowerFinal);
        return tilde.mul(process.alpha(grid[grid.length - 1]));
    }

    /**
     * Every variant, order and switch, on EDM's and the VP-like process, over 12 steps ending at sigma = 0.01.
     * Tolerance 1e-12 relative: both sides are float64 evaluations of the same algebra in another order (the
     * linear solves differ: elimination against Cramer's rule, ~1e-15 relative for these 3 x 3 systems).
     */
    @Test
    void matchesUniPcsMultistepSampler() {
        for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
            double[] grid = Grids.karrasWithoutFinalStep(process, 12, 0.01, 80, 7);
            NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
            for (UniPcSolver.Variant variant : UniPcSolver.Variant.values()) {
                for (int order = 1; order <= 3; order++) {
                    for (boolean corrector : new boolean[] {true, false}) {
                        for (boolean lowerFinal : new boolean[] {true, false}) {
                            NDArray ours = run(unipc(variant, order, corrector, lowerFinal), process, grid, x);
                            NDArray theirs = reference(process, grid, x, order, variant == UniPcSolver.Variant.BH1,
                                    corrector, lowerFinal);
                            double scale = theirs.abs().max().getDouble();
                            assertThat(Measure.maxAbs(ours, theirs)).as(variant + " order " + order + " corrector "
                                    + corrector + " lower_order_final " + lowerFinal).isLessThan(1e-12 * scale);
                        }
                    }
                }
            }
        }
    }

    /**
     * A grid ending at sigma = 0 is the reference over the grid without its last time, then its denoise_to_zero:
     * the last uncorrected prediction's x0_hat, which our final step reuses (NFE N, the reference's N - 1 + 1).
     */
    @Test
    void theFinalStepToZeroIsTheReferencesDenoiseToZero() {
        double[] grid = Grids.karras(VP, 10, 0.002, 80, 7);
        double[] upToLast = Arrays.copyOf(grid, grid.length - 1);
        NDArray x = Measure.prior(manager, VP, grid[0], 32, 2, 1);
        for (int order = 1; order <= 3; order++) {
            TestContext context = new TestContext(VP, Mixtures.THREE, 0);
            var solution = context.integrate(unipc(UniPcSolver.Variant.BH1, order, true, false), grid, x);
            NDArray beforeLast = reference(VP, upToLast, x, order, true, true, false);
            double level = VP.noiseLevel(upToLast[upToLast.length - 1]);
            double alpha = VP.alpha(upToLast[upToLast.length - 1]);
            NDArray theirs = denoiser(beforeLast.div(alpha), level).mul(VP.alpha(grid[grid.length - 1]));
            assertThat(Measure.maxAbs(solution.x(), theirs)).isLessThan(1e-12);
            assertThat(solution.nfe()).isEqualTo(grid.length - 1).isEqualTo(context.calls());
        }
    }

    /**
     * UniP-2 with B(h) = e^{-h} - 1 and the weight 1/2 is DPM-Solver++(2M): x_t = (sigma_t/sigma_i) x_i + alpha_t
     * phi1 (m_i + (m_i - m_{i-1})/(2 r)).
     */
    @Test
    void theUncorrectedSecondOrderBh2PredictorIsDpmSolverPlusPlus2M() {
        double[] grid = Grids.karras(VP, 15, 0.002, 80, 7);
        NDArray x = Measure.prior(manager, VP, grid[0], 32, 2, 1);
        NDArray ours = run(unipc(UniPcSolver.Variant.BH2, 2, false, false), VP, grid, x);
        NDArray dpmpp = run(new DpmSolverPlusPlus2M(), VP, grid, x);
        assertThat(Measure.maxAbs(ours, dpmpp)).isLessThan(1e-12);
    }

    /** The corrector changes the result (it is applied) at no cost: the NFE is N with and without it. */
    @Test
    void theCorrectorIsFree() {
        double[] grid = Grids.karrasWithoutFinalStep(VP, 10, 0.01, 80, 7);
        NDArray x = Measure.prior(manager, VP, grid[0], 32, 2, 1);
        TestContext with = new TestContext(VP, Mixtures.THREE, 0);
        TestContext without = new TestContext(VP, Mixtures.THREE, 0);
        NDArray corrected = with.integrate(unipc(UniPcSolver.Variant.BH2, 2, true, true), grid, x).x();
        NDArray predicted = without.integrate(unipc(UniPcSolver.Variant.BH2, 2, false, true), grid, x).x();
        assertThat(with.calls()).isEqualTo(without.calls()).isEqualTo(10);
        assertThat(Measure.maxAbs(corrected, predicted)).isGreaterThan(1e-4);
    }
}
