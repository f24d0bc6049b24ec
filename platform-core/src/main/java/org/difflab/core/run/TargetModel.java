package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import org.difflab.api.math.PathPoint;

/** A model as a network sees it: x_t in, the parameterization's target a x0 + b eps out. */
public interface TargetModel {

    /**
     * @param x noisy samples at p, shape [batch, ...]
     * @return the target estimate, same shape and type
     */
    NDArray predict(NDArray x, PathPoint p);
}
