package org.difflab.plugins.training;

import org.difflab.api.Component;
import org.difflab.api.LossWeighting;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * Weight 1 on the squared error of the parameterization's own target: DDPM's "simple" loss with eps targets
 * (Ho et al. 2020, eq. 14), the conditional flow-matching loss with velocity targets (Lipman et al. 2023,
 * eq. 9), the plain x0 loss with x0 targets.
 *
 * <p>In other spaces it depends on the target (a, b): on the denoiser error it is
 * errorScale(x0 -&gt; target)^2 = (a sigma - b alpha)^2 / sigma^2; for eps targets that is SNR = alpha^2/sigma^2
 * (the same as {@code snr}); for v targets on a VP path SNR + 1; for the velocity of rectified flow
 * (alpha = 1 - t, sigma = t) 1/t^2.
 */
@Extension
@Component(id = "uniform", summary = "weight 1 on the target's own squared error (DDPM simple loss, flow-matching loss)")
public final class UniformWeighting implements LossWeighting {

    /** The uniform weighting. */
    public UniformWeighting() {}

    @Override
    public double weight(PathPoint p, LinearTarget target) {
        return 1.0;
    }

    @Override
    public String toString() {
        return "uniform";
    }
}
