package org.difflab.plugins.guidance;

import org.difflab.api.Component;
import org.difflab.api.ComponentChoice;
import org.difflab.api.Guidance;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Model;
import org.difflab.api.Param;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.GuidanceContext;
import org.pf4j.Extension;

/**
 * Autoguidance (Karras et al. 2024, "Guiding a Diffusion Model with a Bad Version of Itself", eq. 2): the run's model
 * D1 guided away from a weaker model D0 of the same task, both given each sample's own condition,
 * <pre>  x0_hat = D0 + w (D1 - D0).</pre>
 * The guide is any model component, e.g. a checkpoint of a smaller or shorter-trained network, or for closed-form
 * data {@code exact-broadened} (the exact denoiser of the mixture with every std scaled up). Unlike classifier-free
 * guidance it needs no unconditional model, and it applies to unconditional sampling too.
 *
 * <p>Cost: two model evaluations per call; one at w = 1 (the run's model alone, bit for bit) and at w = 0 (the guide
 * alone).
 */
@Extension
@Component(id = "autoguidance", summary = "guidance away from a weaker model: D0 + w (D1 - D0) (2 NFE per call)",
        example = "{scale: 2, guide: {type: exact}}")
public final class Autoguidance implements Guidance {

    /** Options of {@link Autoguidance}. */
    public record Options(
            @Param(doc = "guidance scale w of D0 + w (D1 - D0): 1 is the run's model (no guidance), > 1 extrapolates"
                    + " away from the guide", defaultValue = "2", min = 0) double scale,
            @Param(doc = "the weaker model D0, e.g. {type: checkpoint, path: small/model.yaml} or, for a Gaussian"
                    + " mixture, {type: exact-broadened, std_scale: 1.5}") ComponentChoice<Model> guide) {
        public Options {
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new InvalidOptionException("scale", "scale must be a finite number >= 0, got " + scale);
            }
            if (guide == null) {
                throw new InvalidOptionException("guide", "autoguidance needs a guide model, e.g."
                        + " guide: {type: exact-broadened, std_scale: 1.5}");
            }
        }
    }

    private final Options options;

    /** Autoguidance as {@code options} say. */
    public Autoguidance(Options options) {
        this.options = options;
    }

    @Override
    public ConditionalDenoiser guide(GuidanceContext context) {
        ConditionalDenoiser model = context.model();
        double w = options.scale();
        if (w == 1) {
            return model;
        }
        ConditionalDenoiser weak = context.load(options.guide());
        if (w == 0) {
            return weak;
        }
        return (x, t, condition) -> Extrapolation.from(weak.denoise(x, t, condition), model.denoise(x, t, condition), w);
    }

    @Override
    public String toString() {
        return "autoguidance[scale=" + options.scale() + ", guide=" + options.guide().id() + "]";
    }
}
