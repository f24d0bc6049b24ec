package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.sampling.Integrator;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.StepObserver;
import org.difflab.tck.oracle.ReferenceFlow;
import org.junit.jupiter.api.Test;

/**
 * rk45 integrates between the grid's ends whatever the inner times; on the one loop it runs on across them and
 * reports the state at each inner grid time by Shampine's dense output of the Dormand-Prince step that crosses it.
 */
class Rk45DenseOutputTest extends ArrayTest {

    private static final GaussianMixture GAUSSIAN = GaussianMixture.single(new double[] {1.5, -0.5}, 0.5);
    /**
     * The interpolant's exact conditions (checked on the rationals when the coefficients were taken from SciPy's
     * RK45; here on their doubles): at theta = 0 its slope is the first stage; at theta = 1 it is the fifth-order
     * step (weights b) with the slope of the FSAL stage f(x_{i+1}), so the dense output is continuous and C^1.
     */
    @Test
    void theDenseOutputMatchesTheStepAtBothEnds() {
        double[] b = Rk45Solver.DORMAND_PRINCE.b();
        for (int j = 0; j < 7; j++) {
            double[] row = Rk45Solver.DENSE[j];
            assertThat(row[0]).isEqualTo(j == 0 ? 1.0 : 0.0);
            assertThat(row[0] + row[1] + row[2] + row[3]).as("row %s at theta = 1", j)
                    .isCloseTo(j < 6 ? b[j] : 0.0, within(1e-14));
            assertThat(row[0] + 2 * row[1] + 3 * row[2] + 4 * row[3]).as("slope of row %s at theta = 1", j)
                    .isCloseTo(j == 6 ? 1.0 : 0.0, within(1e-14));
        }
    }

    /** The inner grid times only mark where the state is reported: the result and NFE are those of the ends alone. */
    @Test
    void innerGridTimesDoNotChangeTheResult() {
        for (ForwardProcess process : new ForwardProcess[] {TestProcesses.EDM, TestProcesses.VP}) {
            double[] grid = Grids.karras(process, 12, 0.002, 80, 7);
            double[] ends = {grid[0], grid[grid.length - 2], grid[grid.length - 1]};
            NDArray x = Measure.prior(manager, process, grid[0], 16, 2, 3);
            Solution full = Measure.solve(SolverCatalogue.RK45.solver().get(), process, Mixtures.THREE, grid, x, 0);
            Solution coarse = Measure.solve(SolverCatalogue.RK45.solver().get(), process, Mixtures.THREE, ends, x, 0);
            assertThat(full.x().toDoubleArray()).containsExactly(coarse.x().toDoubleArray());
            assertThat(full.nfe()).isEqualTo(coarse.nfe());
        }
    }

    /**
     * The states reported at the inner grid times are the exact PF-ODE flow of a single Gaussian to within the
     * tolerance's scale: the max error in x/alpha, over the controller's scale atol + rtol max|x/alpha| (rtol = atol
     * = 1e-6), stays below 20, as for the endpoint in ConvergenceOrderTest (the interpolant is fourth order, the
     * steps fifth; a probe gave at most 1.8 here). Linear interpolation between the adaptive steps, which span up to
     * several grid times, would be off by percents.
     */
    @Test
    void innerStatesFollowTheExactFlow() {
        double tol = 1e-6;
        ForwardProcess process = TestProcesses.VP;
        double[] grid = Grids.karrasWithoutFinalStep(process, 60, 0.05, 80, 7);
        NDArray x = Measure.prior(manager, process, grid[0], 16, 2, 3);
        List<Double> errors = new ArrayList<>();
        List<Boolean> evaluated = new ArrayList<>();
        Integrator.integrate(new Rk45Solver(new Rk45Solver.Options(tol, tol, 100_000)),
                new TestContext(process, GAUSSIAN, 0), grid, x, new StepObserver() {
                    @Override
                    public void stepped(int index, double t, NDArray state, NDArray x0) {
                        NDArray exact = ReferenceFlow.singleGaussian(GAUSSIAN, process, grid[0], t, x);
                        double alpha = process.alpha(t);
                        double scale = tol + tol * exact.abs().max().getDouble() / alpha;
                        errors.add(state.sub(exact).abs().max().getDouble() / alpha / scale);
                        // a step's first x0_hat comes from inside rk45's own per-attempt scope: still readable here
                        evaluated.add(x0 != null && Double.isFinite(x0.sum().getDouble()));
                    }
                });
        System.out.println("rk45 errors at the grid times over atol + rtol |x/alpha|: " + errors);
        assertThat(errors).hasSize(60).allSatisfy(e -> assertThat(e).isLessThan(20));
        // on 60 grid steps some adaptive steps span several grid times: those grid steps evaluate nothing
        assertThat(evaluated).contains(true, false);
    }
}
