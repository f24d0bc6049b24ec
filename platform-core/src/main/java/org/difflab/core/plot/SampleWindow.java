package org.difflab.core.plot;

import java.util.Arrays;

/**
 * The stretch of one coordinate a plot of samples shows: the data's bulk (0.5% to 99.5% quantiles of a data draw,
 * padded by 15% of its width on each side), widened to take in the samples' (0.1% to 99.9% quantiles, padded by 5%
 * of their span) but never beyond twice the data's width on either side, so a few diverged samples cannot shrink
 * the data to a dot. Samples that still fall outside are counted, and the plot says how many.
 *
 * @param lo lower end
 * @param hi upper end
 */
public record SampleWindow(double lo, double hi) {

    /** The window for {@code samples} of data like {@code reference} (one coordinate each). */
    public static SampleWindow of(double[] reference, double[] samples) {
        double[] data = finiteSorted(reference);
        double dataLo = quantile(data, 0.005);
        double dataHi = quantile(data, 0.995);
        double width = Math.max(dataHi - dataLo, 1e-9);
        dataLo -= 0.15 * width;
        dataHi += 0.15 * width;
        double lo = dataLo;
        double hi = dataHi;
        double[] drawn = finiteSorted(samples);
        if (drawn.length > 0) {
            double floor = dataLo - 2 * width;
            double ceiling = dataHi + 2 * width;
            double sampleLo = Math.max(quantile(drawn, 0.001), floor);
            double sampleHi = Math.min(quantile(drawn, 0.999), ceiling);
            double pad = 0.05 * (sampleHi - sampleLo);
            lo = Math.max(Math.min(lo, sampleLo - pad), floor);
            hi = Math.min(Math.max(hi, sampleHi + pad), ceiling);
        }
        return new SampleWindow(lo, hi);
    }

    /** A window of the same centre stretched to {@code length}. */
    public SampleWindow widenedTo(double length) {
        double center = 0.5 * (lo + hi);
        return length <= hi - lo ? this : new SampleWindow(center - length / 2, center + length / 2);
    }

    public double length() {
        return hi - lo;
    }

    /** Whether {@code v} lies in the window (NaN and infinities do not). */
    public boolean contains(double v) {
        return v >= lo && v <= hi;
    }

    /** "k of n samples (p%) fall outside this view; samples.npy has them all", or null when none does. */
    public static String outsideNote(long outside, long total) {
        if (outside == 0) {
            return null;
        }
        return outside + " of " + total + " samples (" + Ticks.significant(100.0 * outside / total, 2)
                + "%) fall outside this view; samples.npy has them all";
    }

    private static double[] finiteSorted(double[] values) {
        double[] out = Arrays.stream(values).filter(Double::isFinite).toArray();
        Arrays.sort(out);
        return out;
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
    }
}
