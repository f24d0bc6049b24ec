package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.sampling.ButcherTableau;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.RungeKutta;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Heun's second-order method on the probability-flow ODE in the process's (t, x) coordinates: EDM's
 * Algorithm 1 (Karras et al. 2022; EDM:generate.py edm_sampler with S_churn = 0). An Euler predictor
 * x' = x + h d(x, t), then the trapezoidal corrector x_{i+1} = x + h (d + d(x', t_{i+1})) / 2. The final
 * step is a plain Euler step, as in EDM, where the corrector would need the denoiser at sigma = 0.
 * NFE = 2N - 1 (18 steps: 35); global order 2. With {@code final_step: midpoint} the last step is second order
 * too: a full Heun step where it ends above sigma = 0, the midpoint rule in the noise level where it ends at 0
 * ({@link FinalStep}); NFE = 2N.
 */
@Extension
@Component(id = "heun", summary = "Heun (EDM Algorithm 1), Euler on the final step (NFE = 2N - 1, order 2)")
public final class HeunSolver implements Solver {

    /** Options of {@link HeunSolver}. */
    public record Options(
            @Param(doc = "last step: euler (EDM's Algorithm 1) or midpoint (second order; one more evaluation)",
                    defaultValue = "euler") FinalStep finalStep) {}

    /** Heun's (trapezoidal) tableau: c = (0, 1), a_21 = 1, b = (1/2, 1/2). */
    static final ButcherTableau TABLEAU = new ButcherTableau("heun", 2, new double[] {0, 1},
            new double[][] {{}, {1}}, new double[] {0.5, 0.5});

    /** EDM's Algorithm 1: Heun's steps, an Euler step at the end. */
    static final RungeKutta METHOD = new RungeKutta(TABLEAU, RungeKutta.FinalStep.EULER);

    /** Heun's steps throughout. */
    private static final RungeKutta FULL = new RungeKutta(TABLEAU, RungeKutta.FinalStep.FULL);

    private final FinalStep finalStep;

    /** EDM's Algorithm 1. */
    public HeunSolver() {
        this(new Options(FinalStep.EULER));
    }

    /** Heun's method with the given last step. */
    public HeunSolver(Options options) {
        this.finalStep = options.finalStep();
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public Stepper start(Integration run) {
        return finalStep == FinalStep.EULER ? METHOD : this::secondOrderThroughout;
    }

    private NDArray secondOrderThroughout(Step step, NDArray x) {
        return step.toData() ? FinalStep.midpoint(step, step.t(), x) : FULL.step(step, x);
    }
}
