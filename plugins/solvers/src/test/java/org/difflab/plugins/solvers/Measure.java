package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.ClosedFormData;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.Solution;
import org.difflab.tck.oracle.Convergence;
import org.difflab.tck.oracle.ReferenceFlow;

/** Measurements shared by the solver tests. */
final class Measure {

    private Measure() {}

    /** Standard normal draws scaled by sigma(t0): a draw from the prior N(0, sigma^2 I) at the grid's start. */
    static NDArray prior(NDManager manager, ForwardProcess process, double t0, int n, int dims, long seed) {
        return new Rng(seed).normal(manager, new Shape(n, dims), DataType.FLOAT64).mul(process.sigma(t0));
    }

    /** Largest absolute difference between two arrays in units in the last place of the reference's largest magnitude. */
    static double ulpsApart(NDArray actual, NDArray reference) {
        return maxAbs(actual, reference) / Math.ulp(reference.abs().max().getDouble());
    }

    /** Largest absolute difference between two arrays. */
    static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getDouble();
    }

    /** Root mean square difference between two arrays (over all entries). */
    static double rms(NDArray a, NDArray b) {
        return Math.sqrt(a.sub(b).square().mean().getDouble());
    }

    /**
     * The exact PF-ODE endpoint over the grid: closed form for one Gaussian, else the RK4 reference with its
     * Richardson stopping rule at 1e-8. The extrapolated value it returns is far more accurate than the rule:
     * on the test mixture over sigma 80 -> 0.05 it differs from the 1e-9 result by 2e-11.
     */
    static NDArray exactEndpoint(ClosedFormData data, ForwardProcess process, double[] grid, NDArray x) {
        double from = grid[0];
        double to = grid[grid.length - 1];
        if (data instanceof GaussianMixture g && g.components() == 1) {
            return ReferenceFlow.singleGaussian(g, process, from, to, x);
        }
        return ReferenceFlow.endpoint(data, process, from, to, x, 1e-8);
    }

    /** A solve with a fresh test context; returns the endpoint (NFE is checked elsewhere). */
    static Solution solve(Solver solver, ForwardProcess process, ClosedFormData data, double[] grid, NDArray x,
            long seed) {
        return new TestContext(process, data, seed).integrate(solver, grid, x);
    }

    /** The empirical global order (the TCK's estimate). */
    static double order(int[] steps, double[] errors) {
        return Convergence.order(steps, errors);
    }

}
