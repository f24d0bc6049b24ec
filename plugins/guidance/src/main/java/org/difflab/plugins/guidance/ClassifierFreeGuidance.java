package org.difflab.plugins.guidance;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Guidance;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.math.Combination;
import org.difflab.api.math.PathPoint;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.GuidanceContext;
import org.difflab.api.sampling.Denoiser;
import org.pf4j.Extension;

/**
 * Classifier-free guidance (Ho &amp; Salimans 2022, eq. 6, written on x0_hat with w = 1 + their w): with
 * u = x0_hat(x, t, none) and c = x0_hat(x, t, label),
 * <pre>  x0_hat = u + w (c - u),</pre>
 * optionally only inside a guidance interval (Kynkaanniemi et al. 2024, "Applying Guidance in a Limited Interval
 * Improves Sample and Distribution Quality", eq. 5): guided where the noise level sigma/alpha of the process at t
 * lies in (sigma_lo, sigma_hi], the conditional prediction c elsewhere. The noise level is EDM's sigma (the
 * noise-to-signal ratio; sigma itself on EDM and VE processes), so one interval means the same on every process.
 *
 * <p>Cost: where the combination is known without one of the two predictions it is not computed. w = 1 is the
 * conditional model and w = 0 the unconditional one (one model evaluation, and the same numbers as sampling without
 * guidance, bit for bit); outside the interval, one evaluation (c); an unconditioned batch, one (u). Everywhere else
 * two evaluations, the cost the literature counts.
 */
@Extension
@Component(id = "cfg", summary = "classifier-free guidance u + w (c - u), optionally in a noise-level interval"
        + " (1 NFE at w = 0 or 1 and outside the interval, else 2)", example = "{scale: 2, interval: [0.3, 5.0]}")
public final class ClassifierFreeGuidance implements Guidance {

    /** Options of {@link ClassifierFreeGuidance}. */
    public record Options(
            @Param(doc = "guidance scale w of u + w (c - u): 1 is the conditional model (no guidance), 0 the"
                    + " unconditional one, > 1 extrapolates away from the unconditional prediction",
                    defaultValue = "2", min = 0) double scale,
            @Param(doc = "guidance interval [sigma_lo, sigma_hi] of noise levels sigma/alpha: guided where sigma_lo"
                    + " < sigma/alpha <= sigma_hi, conditional elsewhere (Kynkaanniemi et al. 2024); [] guides at"
                    + " every noise level", defaultValue = "[]", min = 0) double[] interval) {
        public Options {
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new InvalidOptionException("scale", "scale must be a finite number >= 0, got " + scale);
            }
            if (interval == null) {
                interval = new double[0];
            }
            if (interval.length != 0 && (interval.length != 2 || !(interval[0] >= 0) || !(interval[0] <= interval[1]))) {
                throw new InvalidOptionException("interval", "interval must be [] (guide everywhere) or two noise"
                        + " levels [sigma_lo, sigma_hi] with 0 <= sigma_lo <= sigma_hi, got "
                        + java.util.Arrays.toString(interval));
            }
        }

        /** Guidance of scale w at every noise level. */
        public Options(double scale) {
            this(scale, new double[0]);
        }
    }

    private final Options options;

    /** Classifier-free guidance as {@code options} say. */
    public ClassifierFreeGuidance(Options options) {
        this.options = options;
    }

    @Override
    public ConditionalDenoiser guide(GuidanceContext context) {
        ConditionalDenoiser model = context.model();
        ForwardProcess process = context.process();
        double w = options.scale();
        return new ConditionalDenoiser() {
            @Override
            public NDArray denoise(NDArray x, double t, Condition condition) {
                Condition alone = onlyModelCall(process, t, condition);
                if (alone != null) {
                    return model.denoise(x, t, alone);
                }
                return Extrapolation.from(model.denoise(x, t, Condition.NONE), model.denoise(x, t, condition), w);
            }

            /** Where one model call is the guided denoiser, the model's own combination (folded where it folds). */
            @Override
            public NDArray combined(NDArray x, double t, Condition condition, Combination map) {
                Condition alone = onlyModelCall(process, t, condition);
                return alone != null ? model.combined(x, t, alone, map)
                        : ConditionalDenoiser.super.combined(x, t, condition, map);
            }

            @Override
            public Denoiser.Denoised denoisedAndCombined(NDArray x, double t, Condition condition, Combination map) {
                Condition alone = onlyModelCall(process, t, condition);
                return alone != null ? model.denoisedAndCombined(x, t, alone, map)
                        : ConditionalDenoiser.super.denoisedAndCombined(x, t, condition, map);
            }
        };
    }

    /**
     * The condition of the one model call that is the guided x0_hat at t (c where w = 1, unconditioned batches and
     * outside the interval; none where w = 0), or null where both predictions are needed.
     */
    private Condition onlyModelCall(ForwardProcess process, double t, Condition condition) {
        double w = options.scale();
        if (condition.isNone() || w == 1 || !guidedAt(process, t)) {
            return condition;
        }
        return w == 0 ? Condition.NONE : null;
    }

    /** Whether t's noise level lies in the guidance interval (sigma_lo, sigma_hi]; always without one. */
    private boolean guidedAt(ForwardProcess process, double t) {
        double[] interval = options.interval();
        if (interval.length == 0) {
            return true;
        }
        double noiseLevel = PathPoint.of(process, t).noiseLevel();
        return noiseLevel > interval[0] && noiseLevel <= interval[1];
    }

    @Override
    public String toString() {
        return "cfg[scale=" + options.scale() + (options.interval().length == 0 ? ""
                : ", interval=(" + options.interval()[0] + ", " + options.interval()[1] + "]") + "]";
    }
}
