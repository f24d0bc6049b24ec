package org.difflab.plugins.processes;

import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.math.LinearBeta;
import org.difflab.api.math.VariancePreserving;
import org.pf4j.Extension;

/**
 * Song et al.'s (2021, eq. 12 and App. B) sub-VP SDE: the VP mean with
 * <pre>  alpha(t) = exp(-B(t)/2),   sigma(t) = 1 - alpha^2   (no square root),</pre>
 * B(t) = beta_min t + (beta_max - beta_min) t^2/2. Its variance (1 - alpha^2)^2 stays below the VP's
 * 1 - alpha^2. The generic g^2 of {@link ForwardProcess} reduces to Song's beta(t) (1 - e^{-2 B(t)}).
 *
 * <p>Unlike VP, sigma'(0) = beta_min is finite. Sampling runs from t = 1 to epsilon = 1e-3, then to t = 0.
 */
@Extension
@Component(id = "sub-vp", summary = "Song et al. (2021) sub-VP SDE: VP mean, sigma = 1 - alpha^2")
public final class SubVpProcess implements ForwardProcess {

    private final LinearBeta beta;
    private final double samplingEnd;

    /** A sub-VP SDE with the given linear beta (the same options as {@link VpProcess}). */
    public SubVpProcess(VpProcess.Options options) {
        this.beta = LinearBeta.between(options.betaMin(), options.betaMax());
        this.samplingEnd = options.samplingEnd();
    }

    @Override
    public double alpha(double t) {
        return Math.exp(beta.logAlpha(t));
    }

    @Override
    public double sigma(double t) {
        return VariancePreserving.variance(beta.logAlpha(t));
    }

    /** alpha' = -beta(t)/2 alpha. */
    @Override
    public double alphaDot(double t) {
        return -0.5 * beta.beta(t) * alpha(t);
    }

    /** sigma' = -2 alpha alpha' = beta(t) alpha^2. */
    @Override
    public double sigmaDot(double t) {
        double a = alpha(t);
        return beta.beta(t) * a * a;
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

    /** (1 - alpha^2)/alpha = 2 sinh(B/2). */
    @Override
    public double noiseLevel(double t) {
        return 2.0 * Math.sinh(0.5 * beta.integral(t));
    }

    /**
     * Closed form: the noise level l = 2 sinh(B/2) gives B = 2 asinh(l/2) = 2 ln(l/2 + sqrt(l^2/4 + 1)),
     * then t from B as for VP.
     */
    @Override
    public double timeAtNoiseLevel(double level) {
        double half = 0.5 * level;
        double b = 2.0 * Math.log1p(half + half * half / (1.0 + Math.sqrt(half * half + 1.0)));
        return checkedInverse(beta.timeAtIntegral(b), level);
    }
}
