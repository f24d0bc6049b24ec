package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import org.difflab.api.ForwardProcess;
import org.difflab.api.sampling.Step;

/**
 * How a single-step solver takes a last step that ends at the data end (sigma = 0), where the denoiser is
 * undefined and so neither a trapezoidal (Heun) corrector nor an exponential integrator's intermediate point in
 * lambda (which is +inf there) can be used.
 *
 * <p>{@link #EULER}: the solver's own first-order step (EDM's Algorithm 1 and k-diffusion take an Euler step;
 * DPM-Solver's denoise_to_zero returns alpha x0_hat, which is the same step in EDM's coordinates): local error
 * O(sigma_{N-1}^2), one evaluation. {@link #MIDPOINT}: the explicit midpoint rule in EDM's coordinates x~ = x/alpha
 * and noise level sigma~ = sigma/alpha, whose stage sits at sigma~_{N-1}/2, above the data end: with
 * x~_mid = x~ + (sigma~_mid - sigma~)(x~ - D)/sigma~ (an Euler half step) and the slope there,
 * <pre>  x~_N = x~ - sigma~ (x~_mid - D(x~_mid; sigma~_mid))/sigma~_mid  = 2 D(x~_mid; sigma~/2) - D(x~; sigma~),</pre>
 * the denoiser extrapolated linearly to sigma = 0. Local error O(sigma_{N-1}^3) (measured in FinalStepTest), two
 * evaluations. It makes sense where the rest of the method is second order or more and the last noise level
 * is not tiny (a grid whose sigma_min is 0.002 gains nothing measurable); multistep methods have the history
 * for a higher-order last step without the extra evaluation and keep their first-order denoise step here.
 */
public enum FinalStep {
    /** The solver's own first-order step to sigma = 0 (one evaluation). */
    EULER,
    /** The midpoint rule in the noise level (two evaluations, second order). */
    MIDPOINT;

    /** The midpoint-rule step from {@code from} to the step's end at the data end. */
    static NDArray midpoint(Step step, double from, NDArray x) {
        ForwardProcess process = step.process();
        double level = process.noiseLevel(from);
        double tMid = Math.min(from, Math.max(step.tNext(), process.timeAtNoiseLevel(0.5 * level)));
        double levelMid = process.noiseLevel(tMid); // the level actually reached (a numerical inverse may round)
        NDArray tilde = x.div(process.alpha(from));
        NDArray slope = step.eps(x, from, step.x0(x, from)); // dx~/dsigma~ = (x~ - D)/sigma~
        NDArray middle = tilde.add(slope.mul(levelMid - level));
        NDArray middleX = middle.mul(process.alpha(tMid));
        NDArray slopeMid = step.eps(middleX, tMid, step.x0(middleX, tMid));
        return tilde.sub(slopeMid.mul(level)).mul(process.alpha(step.tNext()));
    }
}
