package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.PathPoint;
import org.junit.jupiter.api.Test;

/**
 * deis (tAB) and ipndm against their published formulas, re-derived here: DEIS's x_{i+1} = psi x_i + sum_j C_ij
 * eps_{i-j} with C_ij = alpha_{i+1} int_{t_i}^{t_{i+1}} rho'(tau) l_j(tau) d tau (eq. 15, integrated here in t
 * by composite Simpson with the analytic rho' = (sigma' alpha - sigma alpha')/alpha^2, where the solver
 * integrates in rho by Gauss-Legendre), and iPNDM's fixed Adams-Bashforth combinations (qsh-zh/deis
 * get_sampler_ipndm: eps coefficient (sqrt(1 - a_{i+1}) - sqrt(a_{i+1}/a_i) sqrt(1 - a_i)) times 1; 3/2, -1/2;
 * 23/12, -16/12, 5/12; 55/24, -59/24, 37/24, -9/24).
 */
class DeisIpndmTest extends ArrayTest {

    private static final ForwardProcess EDM = TestProcesses.EDM;
    private static final ForwardProcess VP = TestProcesses.VP;
    private static final ForwardProcess LINEAR_VP = TestProcesses.LINEAR_VP;

    private NDArray run(Solver solver, ForwardProcess process, double[] grid, NDArray x) {
        return new TestContext(process, Mixtures.THREE, 0).integrate(solver, grid, x).x();
    }

    private static NDArray eps(ForwardProcess process, NDArray x, double t) {
        double alpha = process.alpha(t);
        double sigma = process.sigma(t);
        NDArray x0 = Mixtures.THREE.posteriorMean(x, PathPoint.of(process, t));
        return x.sub(x0.mul(alpha)).div(sigma);
    }

    private static double rhoDot(ForwardProcess p, double t) {
        double alpha = p.alpha(t);
        return (p.sigmaDot(t) * alpha - p.sigma(t) * p.alphaDot(t)) / (alpha * alpha);
    }

    /** int_a^b rho'(tau) l_j(tau) d tau by composite Simpson with 4000 intervals. */
    private static double coefficient(ForwardProcess p, double a, double b, double[] nodes, int j) {
        int n = 4000;
        double h = (b - a) / n;
        double sum = 0;
        for (int k = 0; k <= n; k++) {
            double tau = a + k * h;
            double basis = 1;
            for (int m = 0; m < nodes.length; m++) {
                if (m != j) {
                    basis *= (tau - nodes[m]) / (nodes[j] - nodes[m]);
                }
            }
            double w = k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2;
            sum += w * rhoDot(p, tau) * basis;
        }
        return sum * h / 3;
    }

    private static NDArray deisReference(ForwardProcess p, NDArray x, double[] grid, int order) {
        List<NDArray> epsHistory = new ArrayList<>();
        for (int i = 0; i < grid.length - 1; i++) {
            epsHistory.add(0, eps(p, x, grid[i]));
            int m = Math.min(order, i + 1);
            double[] nodes = new double[m];
            for (int j = 0; j < m; j++) {
                nodes[j] = grid[i - j];
            }
            double alphaNext = p.alpha(grid[i + 1]);
            NDArray next = x.mul(alphaNext / p.alpha(grid[i]));
            for (int j = 0; j < m; j++) {
                next = next.add(epsHistory.get(j).mul(alphaNext * coefficient(p, grid[i], grid[i + 1], nodes, j)));
            }
            x = next;
        }
        return x;
    }

    /**
     * Score SDE's VP (time t, not the noise level), a grid ending at t = 1e-3. Tolerance 1e-10: both sides
     * integrate the same coefficients by different quadratures (Simpson in t against Gauss-Legendre in rho),
     * each accurate to ~1e-12 here.
     */
    @Test
    void deisIsTheTabFormulaOnScoreSdesVp() {
        double[] grid = Grids.karrasWithoutFinalStep(LINEAR_VP, 12, LINEAR_VP.noiseLevel(1e-3), 80, 7);
        NDArray x = Measure.prior(manager, LINEAR_VP, grid[0], 32, 2, 1);
        for (int order = 1; order <= 4; order++) {
            NDArray ours = run(new DeisSolver(new DeisSolver.Options(order)), LINEAR_VP, grid, x);
            assertThat(Measure.maxAbs(ours, deisReference(LINEAR_VP, x, grid, order))).as("order " + order)
                    .isLessThan(1e-10);
        }
    }

    /** Where the time is the noise level (EDM), tAB is the linear multistep method in sigma: lms; order 1 is ddim. */
    @Test
    void deisIsLmsWhereTimeIsTheNoiseLevelAndDdimAtOrderOne() {
        double[] grid = Grids.karras(EDM, 15, 0.002, 80, 7);
        NDArray x = Measure.prior(manager, EDM, grid[0], 32, 2, 1);
        for (int order = 1; order <= 4; order++) {
            NDArray deis = run(new DeisSolver(new DeisSolver.Options(order)), EDM, grid, x);
            NDArray lms = run(new LmsSolver(new LmsSolver.Options(order)), EDM, grid, x);
            assertThat(Measure.maxAbs(deis, lms)).as("order " + order).isLessThan(1e-12);
        }
        double[] vpGrid = Grids.karras(LINEAR_VP, 15, LINEAR_VP.noiseLevel(1e-3), 80, 7);
        NDArray y = Measure.prior(manager, LINEAR_VP, vpGrid[0], 32, 2, 1);
        assertThat(Measure.maxAbs(run(new DeisSolver(new DeisSolver.Options(1)), LINEAR_VP, vpGrid, y),
                run(new DdimSolver(new DdimSolver.Options(0)), LINEAR_VP, vpGrid, y))).isLessThan(1e-12);
    }

    private static final double[][] AB = {{1}, {1.5, -0.5}, {23 / 12.0, -16 / 12.0, 5 / 12.0},
        {55 / 24.0, -59 / 24.0, 37 / 24.0, -9 / 24.0}};

    /**
     * The DEIS repository's ipndm: x_{i+1} = psi x_i + ddim_i sum_j w_j eps_{i-j}, psi = alpha_{i+1}/alpha_i,
     * ddim_i = sigma_{i+1} - psi sigma_i (its sqrt(1 - a_{i+1}) - sqrt(a_{i+1}/a_i) sqrt(1 - a_i) for VP, and
     * sample_ipndm's t_next - t_cur on EDM's process); to sigma = 0 the denoised sample.
     */
    private static NDArray ipndmReference(ForwardProcess p, NDArray x, double[] grid, int maxOrder) {
        List<NDArray> history = new ArrayList<>();
        for (int i = 0; i < grid.length - 1; i++) {
            double psi = p.alpha(grid[i + 1]) / p.alpha(grid[i]);
            NDArray e = eps(p, x, grid[i]);
            if (p.sigma(grid[i + 1]) == 0) {
                return x.sub(e.mul(p.sigma(grid[i]))).mul(psi); // alpha_N x0_hat
            }
            history.add(0, e);
            double[] w = AB[Math.min(maxOrder, i + 1) - 1];
            double ddim = p.sigma(grid[i + 1]) - psi * p.sigma(grid[i]);
            NDArray next = x.mul(psi);
            for (int j = 0; j < w.length; j++) {
                next = next.add(history.get(j).mul(ddim * w[j]));
            }
            x = next;
        }
        return x;
    }

    @Test
    void ipndmIsTheDeisRepositorysIpndm() {
        for (ForwardProcess process : new ForwardProcess[] {EDM, VP, LINEAR_VP}) {
            double[] grid = Grids.karras(process, 15, process.noiseLevel(process.samplingEnd()), 80, 7);
            NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
            for (int order = 1; order <= 4; order++) {
                NDArray ours = run(new IpndmSolver(new IpndmSolver.Options(order)), process, grid, x);
                NDArray theirs = ipndmReference(process, x, grid, order);
                double scale = theirs.abs().max().getDouble();
                assertThat(Measure.maxAbs(ours, theirs)).as(process + " order " + order).isLessThan(1e-12 * scale);
            }
        }
    }
}
