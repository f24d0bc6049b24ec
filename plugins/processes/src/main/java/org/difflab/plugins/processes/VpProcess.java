package org.difflab.plugins.processes;

import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.VariancePreservingProcess;
import org.difflab.api.math.LinearBeta;
import org.pf4j.Extension;

/**
 * Song et al.'s (2021) variance-preserving SDE dx = -beta(t)/2 x dt + sqrt(beta(t)) dW with linear
 * beta(t) = beta_min + t (beta_max - beta_min), t in [0, 1]. Its marginals (Song et al. 2021, eq. 29):
 * <pre>  log alpha(t) = -t^2 (beta_max - beta_min)/4 - t beta_min/2,   sigma(t) = sqrt(1 - alpha^2),</pre>
 * so the noise level sigma/alpha = sqrt(e^{beta_d t^2/2 + beta_min t} - 1) is EDM's sigma_VP(t) with
 * beta_d = beta_max - beta_min (Karras et al. 2022, Table 1, VP column). The generic diffusion
 * g^2 = 2 sigma sigma' - 2 (alpha'/alpha) sigma^2 of {@link ForwardProcess} reduces to beta(t).
 *
 * <p>Sampling runs from t = 1 to score SDE's epsilon = 1e-3 (sigma_VP = 0.0105), then to t = 0. At t = 0,
 * sigma ~ sqrt(beta_min t), so sigma'(0) is +infinity: evaluate the denoiser at t &gt; 0 only.
 */
@Extension
@Component(id = "vp", summary = "Song et al. (2021) VP SDE with linear beta(t): x_t = alpha x0 + sqrt(1-alpha^2) eps")
public final class VpProcess implements VariancePreservingProcess {

    /** Options of {@link VpProcess}. */
    public record Options(
            @Param(doc = "beta(0), the noise rate at the data end", defaultValue = "0.1",
                    min = 0, exclusiveMin = true) double betaMin,
            @Param(doc = "beta(1), the noise rate at the noise end (EDM's beta_d = beta_max - beta_min)",
                    defaultValue = "20", min = 0, exclusiveMin = true) double betaMax,
            @Param(doc = "smallest time of the default sampling grid (score SDE's epsilon)", defaultValue = "1e-3",
                    min = 0, max = 1, exclusiveMin = true, exclusiveMax = true) double samplingEnd) {
        public Options {
            if (!(betaMax >= betaMin)) {
                throw new InvalidOptionException("beta_max", "beta_max (" + betaMax
                        + ") must be at least beta_min (" + betaMin + ")");
            }
        }
    }

    private final LinearBeta beta;
    private final double samplingEnd;

    /** A VP SDE with the given linear beta. */
    public VpProcess(Options options) {
        this.beta = LinearBeta.between(options.betaMin(), options.betaMax());
        this.samplingEnd = options.samplingEnd();
    }

    @Override
    public double logAlpha(double t) {
        return beta.logAlpha(t);
    }

    /** d log alpha/dt = -beta(t)/2; sigma' = -alpha alpha'/sigma is +infinity at t = 0. */
    @Override
    public double logAlphaDot(double t) {
        return -0.5 * beta.beta(t);
    }

    @Override
    public double tMax() {
        return 1.0;
    }

    @Override
    public double samplingStart() {
        return 1.0;
    }

    @Override
    public double samplingEnd() {
        return samplingEnd;
    }

    /** Closed form: EDM's sigma_VP^-1 (Karras et al. 2022, Table 1). */
    @Override
    public double timeAtNoiseLevel(double level) {
        return checkedInverse(beta.timeAtNoiseLevel(level), level);
    }
}
