package org.difflab.api;

import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;

/**
 * The per-sample weight of the training loss at a path point, applied to the squared error of the
 * parameterization's target: loss = weight(t) ||F_theta - (a x0 + b eps)||^2.
 *
 * <p>Weightings defined on the denoiser (x0) error, as EDM's lambda(sigma), convert with
 * {@link org.difflab.api.math.Conversions#errorScale}: the target-space weight is
 * lambda / errorScale(x0 -&gt; target)^2, which is EDM's effective weight lambda(sigma) c_out^2.
 */
public interface LossWeighting extends Pluggable {

    /** Weight (&ge; 0, finite) on the squared error of {@code target} at {@code p}. */
    double weight(PathPoint p, LinearTarget target);
}
