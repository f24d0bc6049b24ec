package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.sampling.SolverContext;
import org.pf4j.Extension;

/**
 * Heun's second-order method on the probability-flow ODE in the process's (t, x) coordinates: EDM's
 * Algorithm 1 (Karras et al. 2022; EDM:generate.py edm_sampler with S_churn = 0). An Euler predictor
 * x' = x + h d(x, t), then the trapezoidal corrector x_{i+1} = x + h (d + d(x', t_{i+1})) / 2. The final
 * step is a plain Euler step, as in EDM, where the corrector would need the denoiser at sigma = 0.
 * NFE = 2N - 1 (18 steps: 35); global order 2.
 */
@Extension
@Component(id = "heun", summary = "Heun (EDM Algorithm 1), Euler on the final step (NFE = 2N - 1, order 2)")
public final class HeunSolver extends SingleStepSolver {

    @Override
    public int order() {
        return 2;
    }

    @Override
    protected NDArray step(SolverContext context, DenoiserCalls calls, double[] times, int i, NDArray x) {
        double t = times[i];
        double tNext = times[i + 1];
        return heunStep(context, calls, t, tNext, x, isLast(times, i));
    }

    /** One EDM Algorithm 1 step from t to tNext; Euler only when {@code eulerOnly} (the final step). */
    static NDArray heunStep(SolverContext context, DenoiserCalls calls, double t, double tNext, NDArray x,
            boolean eulerOnly) {
        double h = tNext - t;
        NDArray d = context.velocity(x, t, calls.x0(x, t));
        NDArray predicted = x.add(d.mul(h));
        if (eulerOnly) {
            return predicted;
        }
        NDArray dNext = context.velocity(predicted, tNext, calls.x0(predicted, tNext));
        return x.add(d.add(dNext).mul(0.5 * h));
    }
}
