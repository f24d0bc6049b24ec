package org.difflab.plugins.schedules;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.sampling.NoiseLevelSchedule;
import org.difflab.api.sampling.NoiseLevels;
import org.pf4j.Extension;

/**
 * Uniform in the half log-SNR lambda = log(alpha/sigma) = -ln(noise level): DPM-Solver's 'logSNR' grid (Lu et al.
 * 2022, recommended for low-resolution data),
 * <pre>  lambda_i = -ln sigma_max + i/(N-1) (ln sigma_max - ln sigma_min),   sigma_i = e^{-lambda_i},</pre>
 * i = 0..N-1, then the final time tMin. In noise levels this is the geometric grid (k-diffusion's
 * get_sigmas_exponential, EDM's VE discretization). The range is the options' or the process's sampling range, so
 * on the default grid lambda runs from lambda(samplingStart) to lambda(samplingEnd) like DPM-Solver's.
 */
@Extension
@Component(id = "log-snr", summary = "Uniform in half log-SNR lambda (geometric in noise level), then the final step")
public final class LogSnrSchedule extends NoiseLevelSchedule {

    /** Options of {@link LogSnrSchedule}. */
    public record Options(
            @Param(doc = "number of steps N (N noise levels, then the final step)", defaultValue = "18",
                    min = 1) int steps,
            @Param(doc = "smallest noise level, e^{-lambda_max} (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMin,
            @Param(doc = "largest noise level, e^{-lambda_min} (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMax) {}

    /** A log-SNR-uniform grid. */
    public LogSnrSchedule(Options options) {
        super(options.steps(), options.sigmaMin(), options.sigmaMax());
    }

    @Override
    protected double[] noiseLevels(int steps, double sigmaMin, double sigmaMax) {
        return NoiseLevels.geometric(steps, sigmaMin, sigmaMax);   // uniform in lambda = -log sigma
    }
}
