package org.difflab.plugins.training;

/** The weight lambda(sigma_n) of the pair (sigma_n, sigma_{n+1}) in a consistency loss. */
public enum ConsistencyWeighting {
    /** lambda = 1 (Song et al. 2023). */
    UNIFORM,
    /** lambda = 1/(sigma_{n+1} - sigma_n) (Song &amp; Dhariwal 2023, section 3.4): the improved CT weighting. */
    RECIPROCAL;

    double of(double lower, double upper) {
        return this == UNIFORM ? 1.0 : 1.0 / (upper - lower);
    }
}
