package org.difflab.plugins.processes;

import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * The variance-exploding process x_t = x0 + sigma(t) eps (alpha = 1, so the noise level is sigma itself), in one of
 * two forms ({@link VeForm}):
 * <ul>
 *   <li>{@code geometric} (Song et al. 2021, eq. 9): sigma(t) = sigma_min (sigma_max/sigma_min)^t on [0, 1],
 *       defaults 0.01 and 50. Note sigma(tMin) = sigma(0) = sigma_min &gt; 0: this process never reaches clean
 *       data. A sampling grid runs from t = 1 to score SDE's epsilon = 1e-5 and then to t = 0, so it ends at noise
 *       level sigma_min, not 0; samples keep noise of standard deviation sigma_min unless the solver returns the
 *       denoised estimate D(x; sigma_min) at the end (score SDE's noise removal). The generic diffusion reduces to
 *       Song's g^2 = d sigma^2/dt = 2 sigma^2 ln(sigma_max/sigma_min).</li>
 *   <li>{@code sqrt} (Karras et al. 2022, Table 1, VE column): sigma(t) = sqrt(t) on [0, +infinity), so
 *       g^2 = d sigma^2/dt = 1 and sigma'(0) = +infinity. sigma_min = 0.02 and sigma_max = 100 bound the default
 *       sampling range, t in [sigma_min^2, sigma_max^2] = [4e-4, 1e4], followed by the final step to t = 0.</li>
 * </ul>
 */
@Extension
@Component(id = "ve", summary = "VE process x_t = x0 + sigma(t) eps: Song's geometric sigma(t) or EDM's sqrt(t)")
public final class VeProcess implements ForwardProcess {

    /** Options of {@link VeProcess}. */
    public record Options(
            @Param(doc = "noise growth: geometric (Song et al. 2021) or sqrt (EDM's sigma(t) = sqrt(t))",
                    defaultValue = "geometric") VeForm form,
            @Param(doc = "geometric: sigma(0), default 0.01; sqrt: smallest noise level of the sampling range, "
                    + "default 0.02", min = 0, exclusiveMin = true) Double sigmaMin,
            @Param(doc = "geometric: sigma(1), default 50; sqrt: largest noise level of the sampling range, "
                    + "default 100", min = 0, exclusiveMin = true) Double sigmaMax,
            @Param(doc = "geometric only: smallest time of the default sampling grid (score SDE's epsilon), "
                    + "default 1e-5", min = 0, max = 1, exclusiveMin = true, exclusiveMax = true) Double samplingEnd) {
        public Options {
            if (form == VeForm.SQRT && samplingEnd != null) {
                throw new InvalidOptionException("sampling_end", "sampling_end applies to form geometric only; "
                        + "with form sqrt the sampling range is [sigma_min^2, sigma_max^2]");
            }
            double lo = sigmaMin != null ? sigmaMin : defaultSigmaMin(form);
            double hi = sigmaMax != null ? sigmaMax : defaultSigmaMax(form);
            if (!(lo < hi)) {
                throw new InvalidOptionException(sigmaMin != null ? "sigma_min" : "sigma_max", "sigma_min (" + lo
                        + ") must be below sigma_max (" + hi + ")");
            }
        }
    }

    /** Song et al. (2021): sigma_min = 0.01; EDM's VE: 0.02. */
    static double defaultSigmaMin(VeForm form) {
        return form == VeForm.GEOMETRIC ? 0.01 : 0.02;
    }

    /** Song et al. (2021): sigma_max = 50 (CIFAR-10); EDM's VE: 100. */
    static double defaultSigmaMax(VeForm form) {
        return form == VeForm.GEOMETRIC ? 50.0 : 100.0;
    }

    /** Score SDE's sampling epsilon for VE (run_lib.py). */
    static final double DEFAULT_SAMPLING_END = 1e-5;

    private final VeForm form;
    private final double sigmaMin;
    private final double sigmaMax;
    private final double samplingEnd;
    /** ln(sigma_max/sigma_min), the geometric form's growth rate. */
    private final double logRatio;

    /** A VE process. */
    public VeProcess(Options options) {
        this.form = options.form();
        this.sigmaMin = options.sigmaMin() != null ? options.sigmaMin() : defaultSigmaMin(form);
        this.sigmaMax = options.sigmaMax() != null ? options.sigmaMax() : defaultSigmaMax(form);
        this.samplingEnd = options.samplingEnd() != null ? options.samplingEnd() : DEFAULT_SAMPLING_END;
        this.logRatio = Math.log(sigmaMax / sigmaMin);
    }

    @Override
    public double alpha(double t) {
        return 1.0;
    }

    @Override
    public double sigma(double t) {
        return form == VeForm.GEOMETRIC ? sigmaMin * Math.exp(t * logRatio) : Math.sqrt(t);
    }

    @Override
    public double alphaDot(double t) {
        return 0.0;
    }

    /** geometric: sigma ln(sigma_max/sigma_min); sqrt: 1/(2 sqrt(t)), +infinity at t = 0. */
    @Override
    public double sigmaDot(double t) {
        return form == VeForm.GEOMETRIC ? sigma(t) * logRatio : 0.5 / Math.sqrt(t);
    }

    @Override
    public double tMax() {
        return form == VeForm.GEOMETRIC ? 1.0 : Double.POSITIVE_INFINITY;
    }

    @Override
    public double samplingStart() {
        return form == VeForm.GEOMETRIC ? 1.0 : sigmaMax * sigmaMax;
    }

    @Override
    public double samplingEnd() {
        return form == VeForm.GEOMETRIC ? samplingEnd : sigmaMin * sigmaMin;
    }

    @Override
    public double noiseLevel(double t) {
        return sigma(t);
    }

    /** geometric: t = ln(level/sigma_min)/ln(sigma_max/sigma_min) on [sigma_min, sigma_max]; sqrt: t = level^2. */
    @Override
    public double timeAtNoiseLevel(double level) {
        // geometric: round-off at the ends of [0, 1] (about 1e-16 relative in the logs) snaps to the end
        return checkedInverse(form == VeForm.SQRT ? level * level : Math.log(level / sigmaMin) / logRatio, level);
    }
}
