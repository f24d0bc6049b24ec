package org.difflab.api.math;

import ai.djl.ndarray.NDArray;

/**
 * The linear map y = onX * x + onOther * other, with x the noisy sample and other a known linear target.
 * Every conversion between targets has this form; {@link Conversions} computes the two coefficients.
 *
 * @param onX coefficient on the noisy sample x_t
 * @param onOther coefficient on the known target
 */
public record Combination(double onX, double onOther) {

    /** Applies the map elementwise; the result has x's data type. */
    public NDArray apply(NDArray x, NDArray other) {
        // the sum goes into the first product's fresh array: one allocation fewer, the same values
        return x.mul(onX).addi(other.mul(onOther));
    }

    /**
     * The map (x, y) -> this(x, inner(x, y)) as one combination: (onX + onOther inner.onX) x + onOther inner.onOther y.
     * After the identity map (0, 1) it is {@code inner} itself, coefficient for coefficient.
     */
    public Combination after(Combination inner) {
        return new Combination(onX + onOther * inner.onX(), onOther * inner.onOther());
    }

    /** Applies the map to scalars. */
    public double apply(double x, double other) {
        return onX * x + onOther * other;
    }
}
