package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.math.Addend;
import org.difflab.api.sampling.Integration;
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
        return finalStep == FinalStep.EULER ? (step, x) -> step(step, step.t(), x, false)
                : this::secondOrderThroughout;
    }

    private NDArray secondOrderThroughout(Step step, NDArray x) {
        return step.toData() ? FinalStep.midpoint(step, step.t(), x) : step(step, step.t(), x, true);
    }

    /**
     * One step of EDM's Algorithm 1 from {@code from} (the step's t, or t_hat above it after churn) to the step's
     * tNext, with d(x, t) the probability-flow velocity:
     * <pre>  x' = x + h d(x, t_i)                          (lines 5-6, the Euler predictor)
     *   x_{i+1} = x + h (d(x, t_i) + d(x', t_{i+1}))/2   (line 8, the trapezoidal corrector)</pre>
     * except on the grid's last step unless {@code correctLast}, which is the predictor alone (line 7). Since
     * h d(x, t_i) = x' - x, the corrector is (x + x')/2 + (h/2) d(x', t_{i+1}), so each line is one
     * {@link Step#alongVelocity} call (a x + h d in one evaluation, which the exact denoiser folds into its last
     * product), the corrector's with x/2 added in the same call (which the exact denoiser folds in too). In exact
     * arithmetic this is the textbook step; in floating point it rounds differently from x + h (d + d')/2 (by a few
     * units in the last place of x per step).
     */
    static NDArray step(Step step, double from, NDArray x, boolean correctLast) {
        double to = step.tNext();
        double h = to - from;
        NDArray predicted = step.alongVelocity(x, from, 1.0, h);
        if (step.isFinal() && !correctLast) {
            return predicted;
        }
        return step.alongVelocity(predicted, to, 0.5, 0.5 * h, new Addend(0.5, x));
    }
}
