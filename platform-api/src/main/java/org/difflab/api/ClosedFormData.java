package org.difflab.api;

import ai.djl.ndarray.NDArray;
import java.util.Optional;
import org.difflab.api.math.Addend;
import org.difflab.api.math.Combination;
import org.difflab.api.math.PathPoint;
import org.difflab.api.model.Condition;

/**
 * A data distribution known in closed form: its density and, for any affine path, the exact denoiser
 * E[x0 | x_t] (and, for labelled data, E[x0 | x_t, c]). With it the probability-flow ODE is known exactly, so
 * solver error can be measured with no training error, and contract checks have an oracle.
 */
public interface ClosedFormData {

    /** Dimension of one sample (flattened). */
    int dims();

    /**
     * The exact denoiser E[x0 | x_t = x] at the path point p.
     *
     * @param x noisy samples, shape [batch, dims]
     * @return posterior means, same shape and data type as x
     */
    NDArray posteriorMean(NDArray x, PathPoint p);

    /**
     * The exact class-conditional denoiser E[x0 | x_t = x, c] for each sample's condition (the unconditional
     * one where a sample has none). By default only unconditional data: every condition must be none.
     */
    default NDArray posteriorMean(NDArray x, PathPoint p, Condition condition) {
        if (!condition.isNone()) {
            throw new IllegalArgumentException("this data has no class labels; got " + condition);
        }
        return posteriorMean(x, p);
    }

    /**
     * A linear map of the exact denoiser, {@code map.onX() x + map.onOther() E[x0 | x_t = x, c]}: what a network's
     * output becomes after the parameterization's round trip (the exact model's read-out). An implementation may
     * compute it in the same pass as the posterior mean; by default the map is applied to {@link #posteriorMean}.
     */
    default NDArray posteriorMean(NDArray x, PathPoint p, Condition condition, Combination map) {
        return map.apply(x, posteriorMean(x, p, condition));
    }

    /**
     * The map of the exact denoiser plus {@code plus} (c y, y shaped like x): {@code map.onX() x + map.onOther()
     * E[x0 | x_t = x, c] + c y}. An implementation may compute it in the posterior mean's pass; by default the term
     * is added afterwards.
     */
    default NDArray posteriorMean(NDArray x, PathPoint p, Condition condition, Combination map, Addend plus) {
        return plus.addTo(posteriorMean(x, p, condition, map));
    }

    /** Natural-log density of the data at each row of {@code x} ([n][dims]). */
    double[] logDensity(double[][] x);

    /**
     * The exact class posterior p(c | x0 = x) at each row of {@code x} ([n][classes]), for labelled data.
     *
     * @throws UnsupportedOperationException for unlabelled data
     */
    default double[][] classPosterior(double[][] x) {
        throw new UnsupportedOperationException("this data has no class labels");
    }

    /**
     * The same data with the spread of every Gaussian component multiplied by {@code factor} (means, weights and
     * classes unchanged), where this closed form is made of such components: the exact denoiser of a deliberately
     * blurred model of the data, e.g. the weaker model of autoguidance. Empty by default.
     */
    default Optional<ClosedFormData> broadened(double factor) {
        return Optional.empty();
    }
}
