package org.difflab.plugins.guidance;

import ai.djl.ndarray.NDArray;

/** The one combination every guidance here makes of two predictions. */
final class Extrapolation {

    private Extrapolation() {}

    /**
     * base + w (toward - base): w = 1 gives {@code toward}, w = 0 gives {@code base}, w &gt; 1 extrapolates past
     * {@code toward}, away from {@code base}. Written from the base, so where both predictions agree (a sample with
     * no label under classifier-free guidance) the result is the base exactly.
     */
    static NDArray from(NDArray base, NDArray toward, double w) {
        return base.add(toward.sub(base).mul(w));
    }
}
