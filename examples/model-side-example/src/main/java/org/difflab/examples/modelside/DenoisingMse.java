package org.difflab.examples.modelside;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.math.BigDecimal;
import java.util.Set;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.MetricValue;
import org.difflab.api.Param;
import org.difflab.api.math.PathPoint;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ModelUnderTest;
import org.pf4j.Extension;

/**
 * The model's mean squared denoising error on held-out data: for each noise level sigma (EDM's sigma_t/alpha),
 * <pre>  mse(sigma) = E ||x0_hat(alpha x0 + sigma_t eps, t) - x0||^2 / d,   t = the process's time at sigma,</pre>
 * estimated on held-out draws x0 with fresh noise eps, per coordinate (d coordinates). The exact denoiser
 * E[x0 | x_t] minimises it at every sigma (the Bayes error; for N(mu, s^2 I) data it is s^2 sigma^2 / (s^2 + sigma^2)),
 * so the gap to that floor is how far a trained model is from perfect, noise level by noise level; EDM's training
 * loss is the same error weighted over p_train (Karras et al. 2022, eq. 2). The value is the mean over the levels;
 * each level's error is reported as a detail {@code denoising_mse_sigma_<level>} (a point written p: 0p1).
 * Unconditional: the model is asked with no labels.
 */
@Extension
@Component(id = "denoising_mse", summary = "the model's mean squared denoising error per coordinate on held-out data"
        + " at given noise levels (needs the model)")
public final class DenoisingMse implements Metric {

    /** Options of {@link DenoisingMse}. */
    public record Options(
            @Param(doc = "noise levels sigma = sigma_t/alpha at which the error is measured",
                    defaultValue = "[0.1, 0.3, 1.0, 3.0]", min = 0, exclusiveMin = true) double[] noiseLevels,
            @Param(doc = "held-out data points", defaultValue = "2000", min = 1, max = 1000000) int count) {
        public Options {
            if (noiseLevels == null || noiseLevels.length == 0) {
                throw new InvalidOptionException("noise_levels", "give at least one noise level, e.g. [0.1, 1.0]");
            }
            for (double level : noiseLevels) {
                if (!(level > 0) || Double.isInfinite(level)) {
                    throw new InvalidOptionException("noise_levels", "noise levels must be finite numbers > 0, got "
                            + level);
                }
            }
            noiseLevels = noiseLevels.clone();
        }
    }

    private final Options options;

    /** The error at the given noise levels on {@code count} held-out points. */
    public DenoisingMse(Options options) {
        this.options = options;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.MODEL);
    }

    /** A property of the model alone: a data draw in place of the samples is no baseline for it. */
    @Override
    public boolean comparesSamples() {
        return false;
    }

    /** It reads no sample and no reference point, only held-out data: the run draws no reference for it. */
    @Override
    public int referencePoints() {
        return 0;
    }

    @Override
    public double compute(MetricInput input) {
        return measure(input).value();
    }

    @Override
    public MetricValue measure(MetricInput input) {
        ModelUnderTest model = input.model();
        ForwardProcess process = model.process();
        double[][] heldOut = model.heldOut(options.count()).rows();
        double[] errors = new double[options.noiseLevels().length];
        try (NDManager manager = model.manager().newSubManager()) {
            NDArray x0 = manager.create(heldOut).toType(model.dataType(), false);
            for (int k = 0; k < errors.length; k++) {
                double t = process.timeAtNoiseLevel(options.noiseLevels()[k]);
                PathPoint p = PathPoint.of(process, t);
                NDArray eps = input.rng().split(k).normalLike(x0);
                NDArray xt = x0.mul(p.alpha()).add(eps.mul(p.sigma()));
                NDArray denoised = model.model().denoise(xt, t, Condition.NONE);
                errors[k] = denoised.sub(x0).square().mean().toType(DataType.FLOAT64, false)
                        .getDouble();
            }
        }
        double mean = 0;
        for (double error : errors) {
            mean += error / errors.length;
        }
        MetricValue value = MetricValue.of(mean);
        for (int k = 0; k < errors.length; k++) {
            value = value.with("sigma_" + label(options.noiseLevels()[k]), errors[k]);
        }
        return value;
    }

    /** A noise level as a name: 0.1 is 0p1, 3.0 is 3. */
    static String label(double level) {
        return BigDecimal.valueOf(level).stripTrailingZeros().toPlainString().replace('.', 'p');
    }

    @Override
    public String toString() {
        return "denoising_mse";
    }
}
