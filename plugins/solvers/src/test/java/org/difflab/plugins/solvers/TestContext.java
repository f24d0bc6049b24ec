package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ClosedFormData;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.Denoiser;
import org.difflab.api.sampling.Integrator;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;

/**
 * A solver context for tests: the exact denoiser of closed-form data, wrapped so that it counts its calls
 * and throws if asked at a time outside [tMin, tMax] or where sigma(t) = 0 (a second guard behind the loop's own);
 * noise from a seeded {@link Rng}.
 */
final class TestContext implements SolverContext {

    private final ForwardProcess process;
    private final Denoiser exact;
    private final Rng rng;
    private int calls;
    private final java.util.List<Double> times = new java.util.ArrayList<>();

    TestContext(ForwardProcess process, ClosedFormData data, long seed) {
        this(process, (x, t) -> data.posteriorMean(x, PathPoint.of(process, t)), seed);
    }

    /** A context whose denoiser is {@code denoiser} (still counted and guarded). */
    TestContext(ForwardProcess process, Denoiser denoiser, long seed) {
        this.process = process;
        this.exact = denoiser;
        this.rng = new Rng(seed);
    }

    @Override
    public ForwardProcess process() {
        return process;
    }

    @Override
    public Denoiser denoiser() {
        return (x, t) -> {
            if (!(t >= process.tMin() && t <= process.tMax())) {
                throw new AssertionError("denoiser called at t=" + t + " outside [" + process.tMin() + ", "
                        + process.tMax() + "]");
            }
            if (!(process.sigma(t) > 0)) {
                throw new AssertionError("denoiser called at t=" + t + " where sigma = " + process.sigma(t));
            }
            calls++;
            times.add(t);
            return exact.denoise(x, t);
        };
    }

    @Override
    public NDArray gaussianLike(NDArray x) {
        return rng.normalLike(x);
    }

    /** Integrates {@code solver} over {@code grid} from x with this context, through the platform's loop. */
    Solution integrate(Solver solver, double[] grid, NDArray x) {
        return Integrator.integrate(solver, this, grid, x);
    }

    /** Denoiser calls actually made. */
    int calls() {
        return calls;
    }

    /** The times of the calls, in order. */
    java.util.List<Double> callTimes() {
        return times;
    }
}
