package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.difflab.api.ClosedFormData;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.Combination;
import org.difflab.api.sampling.Denoiser;
import org.difflab.api.sampling.Integrator;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;
import org.difflab.tck.oracle.ExactSolverContext;

/**
 * The contract suite's {@link ExactSolverContext} (the exact denoiser of closed-form data, counted, with seeded
 * noise), guarded so that it throws if asked at a time outside [tMin, tMax] or where sigma(t) = 0 (a second guard
 * behind the loop's own).
 */
final class TestContext implements SolverContext {

    private final ExactSolverContext context;

    TestContext(ForwardProcess process, ClosedFormData data, long seed) {
        this.context = new ExactSolverContext(process, data, seed);
    }

    /** A context whose denoiser is {@code denoiser} (still counted and guarded). */
    TestContext(ForwardProcess process, Denoiser denoiser, long seed) {
        this.context = new ExactSolverContext(process, denoiser, seed);
    }

    @Override
    public ForwardProcess process() {
        return context.process();
    }

    @Override
    public Denoiser denoiser() {
        Denoiser counted = context.denoiser();
        return new Denoiser() {
            @Override
            public NDArray denoise(NDArray x, double t) {
                check(t);
                return counted.denoise(x, t);
            }

            /** Passed on, so that solvers are tested on the exact denoiser's folded combinations. */
            @Override
            public NDArray combined(NDArray x, double t, Combination map) {
                check(t);
                return counted.combined(x, t, map);
            }
        };
    }

    private void check(double t) {
        ForwardProcess process = context.process();
        if (!(t >= process.tMin() && t <= process.tMax())) {
            throw new AssertionError("denoiser called at t=" + t + " outside [" + process.tMin() + ", "
                    + process.tMax() + "]");
        }
        if (!(process.sigma(t) > 0)) {
            throw new AssertionError("denoiser called at t=" + t + " where sigma = " + process.sigma(t));
        }
    }

    @Override
    public NDArray gaussianLike(NDArray x) {
        return context.gaussianLike(x);
    }

    /** Integrates {@code solver} over {@code grid} from x with this context, through the platform's loop. */
    Solution integrate(Solver solver, double[] grid, NDArray x) {
        return Integrator.integrate(solver, this, grid, x);
    }

    /** Denoiser calls actually made. */
    int calls() {
        return context.calls();
    }

    /** The times of the calls, in order. */
    List<Double> callTimes() {
        return context.callTimes();
    }
}
