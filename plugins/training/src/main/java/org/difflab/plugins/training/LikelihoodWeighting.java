package org.difflab.plugins.training;

import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.LossWeighting;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * Song et al.'s (2021, "Maximum likelihood training of score-based diffusion models", Thm. 1) likelihood
 * weighting: lambda = g(t)^2 on the score error, which makes the loss an upper bound on the negative
 * log-likelihood. Since score = -eps/sigma, it is g^2/sigma^2 on the eps error and g^2 alpha^2/sigma^4 on the
 * denoiser error.
 *
 * <p>The squared diffusion needs the process, but a weighting sees only a {@link PathPoint}; the point carries
 * alpha, sigma and their derivatives, from which {@link PathPoint#diffusionSquared} gives g^2 = 2 sigma sigma' -
 * 2 (alpha'/alpha) sigma^2, as {@link ForwardProcess#diffusionSquared}'s default does. A process that overrides
 * diffusionSquared with a different closed form agrees up to round-off. The weight on the target (a, b) is
 * g^2 errorScale(target -&gt; score)^2. It is infinite at sigma = 0 (t = 0 for VP/VE), where this throws.
 */
@Extension
@Component(id = "likelihood", summary = "Song et al. (2021) likelihood weighting: g(t)^2 on the score error")
public final class LikelihoodWeighting implements LossWeighting {

    /** The likelihood weighting. */
    public LikelihoodWeighting() {}

    @Override
    public double weight(PathPoint p, LinearTarget target) {
        double w = p.diffusionSquared() * ErrorSpaces.squaredScale(p, target, LinearTarget.score(p));
        return ErrorSpaces.checked(w, "likelihood", p);
    }

    @Override
    public String toString() {
        return "likelihood";
    }
}
