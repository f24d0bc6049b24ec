package org.difflab.examples.modelside;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.difflab.api.Component;
import org.difflab.api.Guidance;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.GuidanceContext;
import org.pf4j.Extension;

/**
 * Classifier-free guidance (Ho &amp; Salimans 2022) with the rescale of Lin et al. (2024, "Common Diffusion Noise
 * Schedules and Sample Steps are Flawed", Sec. 3.4), on the denoiser's x0 predictions. With u = x0_hat(x, t, none)
 * and c = x0_hat(x, t, label):
 * <pre>  g = u + w (c - u)                       (CFG; w = 1 is the conditional prediction)
 *   r = g std(c) / std(g)                   (each sample's std over its coordinates brought back to c's)
 *   x0_hat = g + phi (r - g)               (= phi r + (1 - phi) g)</pre>
 * Large w inflates the spread of g, which shows as over-saturated samples; the rescale undoes that spread, and phi
 * mixes back some of g (Lin et al. use phi = 0.7). diffusers applies the same formula to its noise prediction; here it
 * acts on x0_hat, which at fixed x_t is an affine function of the noise prediction with an offset, so the two differ.
 *
 * <p>Both combinations are written from their base (u, then g), so a sample with no label, for which c = u, gets u
 * exactly. A batch with no labels costs one model evaluation, any other two.
 */
@Extension
@Component(id = "rescaled-cfg", summary = "classifier-free guidance with Lin et al.'s (2024) std rescale of x0_hat")
public final class RescaledCfg implements Guidance {

    /** Options of {@link RescaledCfg}. */
    public record Options(
            @Param(doc = "guidance scale w of u + w (c - u): 1 is the conditional model, larger extrapolates away from"
                    + " the unconditional one", defaultValue = "3", min = 0) double scale,
            @Param(doc = "phi, how much of the std-rescaled prediction is used (0: plain CFG, 1: fully rescaled;"
                    + " Lin et al. use 0.7)", defaultValue = "0.7", min = 0, max = 1) double rescale) {
        public Options {
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new InvalidOptionException("scale", "scale must be a finite number >= 0, got " + scale);
            }
            if (!(rescale >= 0 && rescale <= 1)) {
                throw new InvalidOptionException("rescale", "rescale must be in [0, 1], got " + rescale);
            }
        }
    }

    private final Options options;

    /** Guidance of scale w with rescale phi. */
    public RescaledCfg(Options options) {
        this.options = options;
    }

    @Override
    public ConditionalDenoiser guide(GuidanceContext context) {
        ConditionalDenoiser model = context.model();
        return (x, t, condition) -> {
            NDArray unconditional = model.denoise(x, t, Condition.NONE);
            if (condition.isNone()) {
                return unconditional;
            }
            NDArray conditional = model.denoise(x, t, condition);
            NDArray guided = unconditional.add(conditional.sub(unconditional).mul(options.scale()));
            NDArray spreadOfGuided = perSampleStd(guided);
            // std(c) / std(g), and 1 where g has no spread (nothing to rescale)
            NDArray ratio = NDArrays.where(spreadOfGuided.gt(0), perSampleStd(conditional).div(spreadOfGuided),
                    spreadOfGuided.onesLike());
            NDArray rescaled = guided.mul(ratio.reshape(broadcastShape(x.getShape())));
            return guided.add(rescaled.sub(guided).mul(options.rescale()));
        };
    }

    /**
     * The standard deviation of each sample's coordinates, [batch]. (Population or sample std does not matter: only
     * their ratio is used.)
     */
    static NDArray perSampleStd(NDArray y) {
        NDArray rows = y.reshape(y.getShape().get(0), -1);
        NDArray centred = rows.sub(rows.mean(new int[] {1}, true));
        return centred.square().mean(new int[] {1}).sqrt();
    }

    /** [batch, 1, ..., 1]: one value per sample, broadcast over its coordinates. */
    private static Shape broadcastShape(Shape samples) {
        long[] dims = new long[samples.dimension()];
        Arrays.fill(dims, 1L);
        dims[0] = samples.get(0);
        return new Shape(dims);
    }

    @Override
    public String toString() {
        return "rescaled-cfg[scale=" + options.scale() + ", rescale=" + options.rescale() + "]";
    }
}
