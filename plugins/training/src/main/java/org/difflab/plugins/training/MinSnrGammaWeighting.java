package org.difflab.plugins.training;

import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.LossWeighting;
import org.difflab.api.Param;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * Min-SNR-gamma (Hang et al. 2023): lambda_x0 = min(SNR, gamma) on the denoiser error, SNR = alpha^2/sigma^2.
 * On the eps error this is min(SNR, gamma)/SNR = min(1, gamma/SNR); on v targets of a VP path
 * (alpha^2 + sigma^2 = 1) it is min(SNR, gamma)/(SNR + 1), the forms diffusers uses.
 *
 * <p>On the target (a, b) the weight is min(1, gamma/SNR) errorScale(target -&gt; eps)^2 (with gamma/SNR = +inf at
 * alpha = 0 and 0 at sigma = 0), finite wherever the target determines x0.
 */
@Extension
@Component(id = "min-snr-gamma", summary = "Hang et al. (2023): lambda_x0 = min(alpha^2/sigma^2, gamma)")
public final class MinSnrGammaWeighting implements LossWeighting {

    /** Options of {@link MinSnrGammaWeighting}. */
    public record Options(
            @Param(doc = "the clamp gamma on the signal-to-noise ratio (Hang et al. 2023 use 5)", defaultValue = "5",
                    min = 0, exclusiveMin = true) double gamma) {
        public Options {
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new InvalidOptionException("gamma", "gamma must be a finite number > 0, got " + gamma);
            }
        }
    }

    private final double gamma;

    /** Min-SNR weighting with clamp gamma. */
    public MinSnrGammaWeighting(Options options) {
        this.gamma = options.gamma();
    }

    @Override
    public double weight(PathPoint p, LinearTarget target) {
        // gamma/SNR = gamma sigma^2/alpha^2, written so that alpha = 0 gives +inf (then the min is 1).
        double gammaOverSnr = gamma * p.sigma() * p.sigma() / (p.alpha() * p.alpha());
        double onEps = Math.min(1.0, gammaOverSnr);
        return ErrorSpaces.checked(onEps * ErrorSpaces.noise(p, target), "min-snr-gamma", p);
    }

    @Override
    public String toString() {
        return "min-snr-gamma[gamma=" + gamma + "]";
    }
}
