package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;

/** What a solver works with: the process, the denoiser, and seeded Gaussian noise. */
public interface SolverContext {

    /** The forward process whose reverse is integrated. */
    ForwardProcess process();

    /** The model, as x0_hat(x, t). */
    Denoiser denoiser();

    /** Fresh N(0, I) draws shaped and typed like {@code x}, deterministic for the run's seed. */
    NDArray gaussianLike(NDArray x);

    /** The process at time t. */
    default PathPoint at(double t) {
        return PathPoint.of(process(), t);
    }

    /**
     * The probability-flow velocity at (x, t) given x0_hat there: dx/dt = alpha' x0 + sigma' eps_hat.
     * One denoiser evaluation is the caller's; this only converts.
     */
    default NDArray velocity(NDArray x, double t, NDArray x0) {
        PathPoint p = at(t);
        return org.difflab.api.math.Conversions.convert(p, LinearTarget.X0, LinearTarget.velocity(p)).apply(x, x0);
    }
}
