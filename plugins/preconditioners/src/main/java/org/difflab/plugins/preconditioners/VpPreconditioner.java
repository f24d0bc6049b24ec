package org.difflab.plugins.preconditioners;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.LinearBeta;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * The VP column of Karras et al. (2022), Table 1 (NVlabs/edm VPPrecond):
 * <pre>  c_in(sigma) = 1/sqrt(sigma^2 + 1),   c_noise(sigma) = (M - 1) sigma_VP^-1(sigma),</pre>
 * sigma_VP^-1(sigma) = (sqrt(beta_min^2 + 2 beta_d ln(sigma^2 + 1)) - beta_min)/beta_d, with sigma the EDM
 * noise level sigma_t/alpha. In x_t coordinates, {@link #inputScale} = c_in/alpha = 1/sqrt(sigma_t^2 + alpha^2):
 * exactly 1 on any variance-preserving process (the network sees x_t itself), finite where alpha = 0.
 * c_noise is +infinity where the noise level is (alpha = 0).
 */
@Extension
@Component(id = "vp", summary = "EDM Table 1 VP: c_in = 1/sqrt(sigma^2+1), c_noise = (M-1) sigma_VP^-1(sigma)")
public final class VpPreconditioner implements Preconditioner {

    /** Options of {@link VpPreconditioner}. */
    public record Options(
            @Param(doc = "EDM's beta_d = beta_max - beta_min of the network's training process", defaultValue = "19.9",
                    min = 0) double betaD,
            @Param(doc = "EDM's beta_min of the network's training process", defaultValue = "0.1", min = 0,
                    exclusiveMin = true) double betaMin,
            @Param(doc = "EDM's M: c_noise spans 0..M-1 as t goes 0..1", defaultValue = "1000", min = 1) int m) {}

    private final LinearBeta beta;
    private final int m;

    /** VP preconditioning for the given training process. */
    public VpPreconditioner(Options options) {
        this.beta = new LinearBeta(options.betaMin(), options.betaD());
        this.m = options.m();
    }

    @Override
    public double inputScale(PathPoint p) {
        return 1.0 / p.marginalStd(1.0);
    }

    @Override
    public double noiseInput(PathPoint p) {
        return (m - 1) * beta.timeAtNoiseLevel(p.noiseLevel());
    }
}
