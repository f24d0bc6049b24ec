package org.difflab.core.spec;

import org.difflab.api.ForwardProcess;

/**
 * The distribution of the sampler's starting state x_{t0} = c z, z ~ N(0, I), at the grid's first time t0.
 */
public enum Prior {

    /**
     * c = sigma(t0): the noise alone, N(0, sigma(t0)^2 I), as EDM and k-diffusion start (x = latents * t_0 * s(t_0)).
     * It ignores the signal alpha(t0) x0 still present at t0, which is negligible only where the noise level
     * sigma(t0)/alpha(t0) is far above the data's scale.
     */
    NOISE,

    /**
     * c = sqrt(alpha(t0)^2 sigma_data^2 + sigma(t0)^2): the marginal's per-coordinate standard deviation for data of
     * standard deviation sigma_data (an isotropic Gaussian matched to the marginal p_{t0}). On a variance-preserving
     * path with sigma_data = 1 this is c = 1, plain z, as diffusers' pipelines start.
     */
    MARGINAL;

    /** The factor c on z at time {@code t0}. */
    public double scale(ForwardProcess process, double t0, double sigmaData) {
        double sigma = process.sigma(t0);
        if (this == NOISE) {
            return sigma;
        }
        double alpha = process.alpha(t0);
        return Math.sqrt(alpha * alpha * sigmaData * sigmaData + sigma * sigma);
    }
}
