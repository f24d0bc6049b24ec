package org.difflab.core.bench;

import java.util.Arrays;
import java.util.Locale;

/** Minimum, median and maximum of a benchmark's rounds. */
record Stats(double min, double median, double max, int count) {

    static Stats of(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        return new Stats(sorted[0], median, sorted[n - 1], n);
    }

    /** "min-max" with two decimals. */
    String range() {
        return String.format(Locale.ROOT, "%.2f-%.2f", min, max);
    }
}
