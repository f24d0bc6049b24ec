package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;
import org.difflab.api.math.Addend;
import org.difflab.api.math.Combination;

/**
 * What samplers see of a model, trained or exact: the estimate x0_hat(x_t, t) = E[x0 | x_t]. Solvers
 * derive eps_hat, the score and the velocity from it with {@link org.difflab.api.math.Conversions}.
 */
@FunctionalInterface
public interface Denoiser {

    /**
     * @param x noisy samples at time t, shape [batch, ...]
     * @param t the process time, shared by the batch
     * @return x0_hat, same shape and type as x
     */
    NDArray denoise(NDArray x, double t);

    /**
     * {@code map.onX() x + map.onOther() x0_hat(x, t)} as one evaluation: the form every quantity a solver takes
     * from the denoiser has (eps_hat, the velocity, an Euler move x + h v). A model may compute it within its own
     * last operation, as the exact denoiser folds it into its posterior mean's last product, so the combination
     * costs no array pass of its own; by default x0_hat is computed and then combined.
     *
     * @return a fresh array of x's shape and type, which the caller may update in place
     */
    default NDArray combined(NDArray x, double t, Combination map) {
        return map.apply(x, denoise(x, t));
    }

    /**
     * {@link #combined} plus {@code plus} (c y, an array such as the step's starting state) as one evaluation: a
     * model that folds the map may fold this term too; by default it is added to the combination afterwards.
     *
     * @return a fresh array of x's shape and type, which the caller may update in place
     */
    default NDArray combined(NDArray x, double t, Combination map, Addend plus) {
        return plus.addTo(combined(x, t, map));
    }

    /**
     * x0_hat(x, t) and {@link #combined} with {@code map}, both from one evaluation, each exactly as its own method
     * gives it: for a step whose x0_hat an observer records, so that recording it does not change the samples. By
     * default from one x0_hat; a model whose {@link #combined} folds the map computes both its ways.
     */
    default Denoised denoisedAndCombined(NDArray x, double t, Combination map) {
        NDArray x0 = denoise(x, t);
        return new Denoised(x0, map.apply(x, x0));
    }

    /** x0_hat and a combination of x and x0_hat from one evaluation ({@link #denoisedAndCombined}). */
    record Denoised(NDArray x0, NDArray combined) {}
}
