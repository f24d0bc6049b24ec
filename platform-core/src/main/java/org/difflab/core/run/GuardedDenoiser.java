package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ForwardProcess;
import org.difflab.api.sampling.Denoiser;

/**
 * Counts a solver's denoiser calls (its NFE, checked against what the solver reports) and stops a solver
 * that evaluates the model at a time the process does not support, or where sigma = 0.
 */
public final class GuardedDenoiser implements Denoiser {

    private final Denoiser inner;
    private final ForwardProcess process;
    private final String solverId;
    private int calls;

    /** Guards {@code inner} for solver {@code solverId} on {@code process}. */
    public GuardedDenoiser(Denoiser inner, ForwardProcess process, String solverId) {
        this.inner = inner;
        this.process = process;
        this.solverId = solverId;
    }

    @Override
    public NDArray denoise(NDArray x, double t) {
        if (!(t >= process.tMin() && t <= process.tMax()) || !(process.sigma(t) > 0)) {
            throw new IllegalStateException("solver '" + solverId + "' evaluated the model at t=" + t
                    + ", outside the process's range [" + process.tMin() + ", " + process.tMax()
                    + "] or where sigma(t) = 0");
        }
        calls++;
        return inner.denoise(x, t);
    }

    /** Denoiser calls made so far. */
    public int calls() {
        return calls;
    }
}
