package org.difflab.plugins.training;

import org.difflab.api.Component;
import org.difflab.api.LossWeighting;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * lambda_x0 = SNR = alpha^2/sigma^2 on the denoiser error, which is weight 1 on the eps error: DDPM's simple
 * loss whatever the network predicts, and EDM's VP and VE weighting lambda(sigma) = 1/sigma^2 in the noise
 * level sigma = sigma_t/alpha (Karras et al. 2022, Table 1).
 *
 * <p>On the target (a, b) the weight is errorScale(target -&gt; eps)^2 = alpha^2/(alpha b - sigma a)^2: 1 for eps,
 * SNR for x0, alpha^2 = SNR/(SNR + 1) for v on a VP path. It is computed in that form (from the eps side), so it
 * stays finite at sigma = 0 for every target that determines x0.
 */
@Extension
@Component(id = "snr", summary = "lambda_x0 = alpha^2/sigma^2 (= uniform eps loss; EDM's VP/VE weighting 1/sigma^2)")
public final class SnrWeighting implements LossWeighting {

    /** The SNR weighting. */
    public SnrWeighting() {}

    @Override
    public double weight(PathPoint p, LinearTarget target) {
        return ErrorSpaces.checked(ErrorSpaces.noise(p, target), "snr", p);
    }

    @Override
    public String toString() {
        return "snr";
    }
}
