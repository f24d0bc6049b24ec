package org.difflab.plugins.processes;

/**
 * The affine probability paths of flow_matching's schedulers (Lipman et al. 2024, "Flow Matching Guide and Code";
 * facebookresearch/flow_matching, flow_matching/path/scheduler/scheduler.py), written in this platform's time
 * t = 1 - t_FM.
 */
public enum AffineFamily {

    /** PolynomialConvexScheduler: alpha = (1 - t)^n, sigma = 1 - (1 - t)^n (n = 1 is the conditional OT path). */
    POLYNOMIAL,

    /**
     * CosineScheduler: alpha = cos(pi t/2), sigma = sin(pi t/2) (the trigonometric / variance-preserving
     * interpolant, alpha^2 + sigma^2 = 1).
     */
    COSINE,

    /** LinearVPScheduler: alpha = 1 - t, sigma = sqrt(1 - (1 - t)^2) (alpha^2 + sigma^2 = 1). */
    LINEAR_VP
}
