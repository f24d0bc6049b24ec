package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.math.PathPoint;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Multistep consistency sampling (Song et al. 2023, Algorithm 1) for a model that is a consistency function f(x, t)
 * (trained with the {@code consistency} parameterization): on a grid t_0 &gt; t_1 &gt; ... &gt; t_N,
 * <pre>  x0 = f(x_{t_i}, t_i),   x_{t_{i+1}} = alpha_{i+1} (x0 + sqrt(s_{i+1}^2 - sigma_min^2) z),</pre>
 * with s the noise level sigma/alpha and z ~ N(0, I); the step to the data end (sigma = 0) returns alpha x0. The
 * noise is sqrt(s^2 - sigma_min^2), not s, because f's output already carries the boundary's noise sigma_min. A
 * one-step grid (steps: 1) is one-step generation x = f(x_T, T); the levels t_1, ... are the paper's tau_n (give
 * them with {@code schedule: {type: explicit, noise_levels: [80, 0.8]}}). NFE = N.
 *
 * <p>Given a denoiser instead of a consistency function it samples the wrong distribution: f must be the ODE's
 * endpoint, whose value at an exact marginal sample is an exact data sample.
 */
@Extension
@Component(id = "consistency", summary = "multistep consistency sampling (Song et al. 2023, Alg. 1): x0 = f(x, t_i), renoised to t_{i+1}; NFE = N")
public final class ConsistencySampler implements Solver {

    /** Options of {@link ConsistencySampler}. */
    public record Options(
            @Param(doc = "noise level of the consistency function's boundary (its sigma_min); the noise added to"
                    + " reach level s is sqrt(s^2 - sigma_min^2)", defaultValue = "0.002", min = 0)
            double sigmaMin) {
        public Options {
            if (!(sigmaMin >= 0) || Double.isInfinite(sigmaMin)) {
                throw new InvalidOptionException("sigma_min", "sigma_min must be a finite number >= 0, got "
                        + sigmaMin);
            }
        }
    }

    private final double sigmaMin;

    /** The sampler for a consistency function with boundary sigma_min. */
    public ConsistencySampler(Options options) {
        this.sigmaMin = options.sigmaMin();
    }

    /** Not measured: the sampler's error is its model's (CONSISTENCY_SAMPLING); 1 as for a first-order method. */
    @Override
    public int order() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.STOCHASTIC, Capability.CONSISTENCY_SAMPLING);
    }

    @Override
    public Stepper start(Integration run) {
        return this::step;
    }

    private NDArray step(Step step, NDArray x) {
        NDArray x0 = step.x0(x, step.t());
        PathPoint next = step.at(step.tNext());
        if (step.toData()) {
            return x0.mul(next.alpha());
        }
        // alpha (x0 + sqrt(s^2 - sigma_min^2) z) = alpha x0 + sigma sqrt(1 - (sigma_min/s)^2) z: finite at alpha = 0
        double ratio = sigmaMin / next.noiseLevel();
        double std = next.sigma() * Math.sqrt(Math.max(0.0, 1.0 - ratio * ratio));
        return x0.mul(next.alpha()).add(step.gaussianLike(x).mul(std));
    }
}
