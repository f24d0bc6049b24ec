package org.difflab.api;

import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;

/**
 * What a network regresses: the target a_t x0 + b_t eps at each time (eps: (0, 1); x0: (1, 0);
 * score: (0, -1/sigma); velocity: (alpha', sigma'); v: (-sigma, alpha); EDM: the c_skip/c_out pair).
 * Conversions to x0, eps, score and velocity follow from (alpha, sigma, a, b) in
 * {@link org.difflab.api.math.Conversions}; nothing is written pairwise.
 *
 * <p>Contract: alpha b - sigma a is non-zero over the process's time range, away from where the target is
 * known to be singular.
 */
public interface Parameterization extends Pluggable {

    /** The target coefficients (a, b) at a path point. */
    LinearTarget target(PathPoint p);
}
