package org.difflab.api.model;

import ai.djl.ndarray.NDArray;
import org.difflab.api.math.Addend;
import org.difflab.api.math.Combination;
import org.difflab.api.sampling.Denoiser;

/**
 * A model as the platform evaluates it: x0_hat(x_t, t, c) = E[x0 | x_t, c], the posterior mean of the clean
 * data given a noisy sample at process time t and the sample's condition. Guidance composes these; a solver
 * sees one with the condition bound ({@link org.difflab.api.sampling.Denoiser}).
 */
@FunctionalInterface
public interface ConditionalDenoiser {

    /**
     * @param x noisy samples at time t, shape [batch, ...]
     * @param t the process time, shared by the batch
     * @param condition one entry per sample (or {@link Condition#NONE})
     * @return x0_hat, with x's shape and data type
     */
    NDArray denoise(NDArray x, double t, Condition condition);

    /**
     * {@code map.onX() x + map.onOther() x0_hat(x, t, c)} as one evaluation (see
     * {@link org.difflab.api.sampling.Denoiser#combined}): a model may fold the map into its own last operation;
     * by default x0_hat is computed and then combined. Wrappers that only pass calls on (counting, binding the
     * condition) pass this on too, so a model's fold reaches the solver.
     *
     * @return a fresh array of x's shape and type, which the caller may update in place
     */
    default NDArray combined(NDArray x, double t, Condition condition, Combination map) {
        return map.apply(x, denoise(x, t, condition));
    }

    /**
     * {@link #combined} plus {@code plus} as one evaluation (see {@link Denoiser#combined(NDArray, double,
     * Combination, Addend)}); wrappers that pass {@link #combined} on pass this on too.
     */
    default NDArray combined(NDArray x, double t, Condition condition, Combination map, Addend plus) {
        return plus.addTo(combined(x, t, condition, map));
    }

    /**
     * x0_hat and {@link #combined} from one evaluation, each exactly as its own method gives it (see
     * {@link Denoiser#denoisedAndCombined}); wrappers that pass {@link #combined} on pass this on too.
     */
    default Denoiser.Denoised denoisedAndCombined(NDArray x, double t, Condition condition, Combination map) {
        NDArray x0 = denoise(x, t, condition);
        return new Denoiser.Denoised(x0, map.apply(x, x0));
    }
}
