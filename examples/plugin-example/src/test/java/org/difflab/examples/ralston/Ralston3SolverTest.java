package org.difflab.examples.ralston;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.Integrator;
import org.difflab.api.sampling.Solution;
import org.difflab.tck.fixtures.ReferenceData;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.SolverContract;
import org.difflab.tck.oracle.ExactSolverContext;
import org.difflab.tck.oracle.NoiseLevelGrid;
import org.junit.jupiter.api.Test;

/**
 * The platform's solver contract (order 3 measured on an exact mixture denoiser, NFE, determinism, every reference
 * process, ...) runs through the {@link SolverContract} mix-in; the tests below add what is specific to this solver.
 */
class Ralston3SolverTest implements SolverContract {

    @Override
    public Solver createSolver() {
        return new Ralston3Solver();
    }

    @Test
    void threeDenoiserCallsPerStepEvenOnTheFinalStepToData() {
        // 5 steps from noise level 80 down to 0.002, then to t = 0: 6 steps, 18 calls, none at sigma = 0.
        double[] grid = NoiseLevelGrid.toData(ReferenceProcesses.EDM_LIKE, 6, 0.002, 80);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = new Rng(1).normal(manager, new Shape(4, 2), DataType.FLOAT64).mul(80);
            ExactSolverContext context = new ExactSolverContext(ReferenceProcesses.EDM_LIKE, ReferenceData.MIXTURE, 1);
            Solution solution = Integrator.integrate(new Ralston3Solver(), context, grid, x);
            assertEquals(18, solution.nfe());
            assertEquals(18, context.calls());
            assertEquals(0, context.callTimes().stream().filter(t -> t == 0.0).count());
        }
    }

    /**
     * The tableau is Ralston's method as written in the class comment: the same steps by hand on the VP-like
     * process agree to rounding (the tableau groups the sums differently: 1e-13 relative is far above the
     * ~1e-16 per operation over 12 steps, and far below any coefficient error).
     */
    @Test
    void theTableauIsRalstonsMethodWrittenOut() {
        ForwardProcess process = ReferenceProcesses.VP_LIKE;
        double[] grid = NoiseLevelGrid.toData(process, 12, 0.002, 80);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = new Rng(3).normal(manager, new Shape(16, 2), DataType.FLOAT64).mul(80 * process.alpha(grid[0]));
            NDArray ours = Integrator.integrate(new Ralston3Solver(),
                    new ExactSolverContext(process, ReferenceData.MIXTURE, 1), grid, x).x();
            NDArray byHand = x;
            for (int i = 0; i + 1 < grid.length; i++) {
                double t = grid[i];
                double h = grid[i + 1] - t;
                NDArray k1 = velocity(process, byHand, t);
                NDArray k2 = velocity(process, byHand.add(k1.mul(h / 2)), t + h / 2);
                NDArray k3 = velocity(process, byHand.add(k2.mul(3 * h / 4)), t + 3 * h / 4);
                byHand = byHand.add(k1.mul(2).add(k2.mul(3)).add(k3.mul(4)).mul(h / 9));
            }
            double scale = byHand.abs().max().getDouble();
            double difference = ours.sub(byHand).abs().max().getDouble();
            assertTrue(difference <= 1e-13 * scale, "max difference " + difference + " at scale " + scale);
        }
    }

    /** dx/dt = alpha' x0_hat + sigma' eps_hat with eps_hat = (x - alpha x0_hat)/sigma and the exact x0_hat. */
    private static NDArray velocity(ForwardProcess process, NDArray x, double t) {
        PathPoint p = PathPoint.of(process, t);
        NDArray x0 = ReferenceData.MIXTURE.posteriorMean(x, p);
        NDArray eps = x.sub(x0.mul(p.alpha())).div(p.sigma());
        return x0.mul(p.alphaDot()).add(eps.mul(p.sigmaDot()));
    }
}
