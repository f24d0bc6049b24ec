package org.difflab.plugins.training;

import ai.djl.ndarray.NDArray;

/** The distance d(f_student, f_target) of a consistency loss, per example. */
public enum ConsistencyDistance {
    /** Squared L2, ||a - b||^2 summed over the coordinates (Song et al. 2023, section 5). */
    L2,
    /**
     * Pseudo-Huber, sqrt(||a - b||^2 + c^2) - c with c = 0.00054 sqrt(d), d the coordinates per example (Song &amp;
     * Dhariwal 2023, section 3.3): squared L2 / 2c near 0, L2 far away.
     */
    PSEUDO_HUBER;

    /** Song &amp; Dhariwal's constant: c = 0.00054 sqrt(d) (0.03 on 32x32x3 images). */
    static final double HUBER_SCALE = 0.00054;

    /** d(a_i, b_i) for each example i of [batch, ...] arrays: shape [batch]. */
    NDArray between(NDArray a, NDArray b) {
        long batch = a.getShape().get(0);
        // DJL's PyTorch sum takes one axis: flatten each example first
        NDArray squared = a.sub(b).square().reshape(batch, -1).sum(new int[] {1});
        if (this == L2) {
            return squared;
        }
        double c = HUBER_SCALE * Math.sqrt(a.getShape().size() / (double) batch);
        return squared.add(c * c).sqrt().sub(c);
    }
}
