package org.difflab.examples.ralston;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.Solver;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.Solution;
import org.difflab.tck.fixtures.ReferenceData;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.SolverContract;
import org.difflab.tck.oracle.ExactSolverContext;
import org.difflab.tck.oracle.NoiseLevelGrid;
import org.junit.jupiter.api.Test;

/**
 * The platform's solver contract (order 3 measured on an exact mixture denoiser, NFE, determinism, every reference
 * process, ...) runs through the {@link SolverContract} mix-in; the test below adds what is specific to this solver.
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
            Solution solution = new Ralston3Solver().solve(context, grid, x);
            assertEquals(18, solution.nfe());
            assertEquals(18, context.calls());
            assertEquals(0, context.callTimes().stream().filter(t -> t == 0.0).count());
        }
    }
}
