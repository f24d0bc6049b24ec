package org.difflab.plugins.metrics;

import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.math.Rng;

/** Checks and orders the two point sets a sample-based metric compares. */
final class PointSets {

    private PointSets() {}

    /**
     * The common dimension of samples and reference.
     *
     * @throws IllegalArgumentException if either set is empty or their points differ in length
     */
    static int dims(MetricInput input) {
        Points samples = input.samples();
        Points reference = input.reference();
        if (samples == null || reference == null || samples.isEmpty() || reference.isEmpty()) {
            throw new IllegalArgumentException("need at least one sample and one reference point");
        }
        int dims = samples.dims();
        if (dims == 0) {
            throw new IllegalArgumentException("points need at least one coordinate");
        }
        if (reference.dims() != dims) {
            throw new IllegalArgumentException("every sample and reference point needs " + dims
                    + " coordinates, the reference points have " + reference.dims());
        }
        return dims;
    }

    /**
     * The two sets in canonical order ({@link Points#compare}), each reduced to at most {@code max} points; equal
     * sizes share one index set, so identical inputs stay identical, and swapping the inputs changes nothing, not
     * even the subsample.
     */
    static Points[] canonicalSubsample(Points a, Points b, int max, Rng rng) {
        if (Points.compare(a, b) > 0) {
            Points swap = a;
            a = b;
            b = swap;
        }
        int[] aRows = Points.subsampleRows(a.count(), max, rng);
        int[] bRows = b.count() == a.count() ? aRows : Points.subsampleRows(b.count(), max, rng);
        return new Points[] {a.keep(aRows), b.keep(bRows)};
    }
}
