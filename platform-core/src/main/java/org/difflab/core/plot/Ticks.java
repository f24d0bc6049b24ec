package org.difflab.core.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Where an axis gets its tick marks and which of them carry labels: round values (1, 2 or 5 times a power of ten)
 * as many as fit side by side without their labels touching. On a logarithmic axis the labels are every digit
 * (1, 2, ..., 9 times a power of ten) on a short axis, 1-2-5 on a longer one, and powers of ten (every k-th on a
 * very long one) beyond; an axis shorter than a digit step gets round linear values, so a log axis always carries
 * at least two labels.
 */
public final class Ticks {

    /** Pixels between neighbouring labels. */
    private static final double GAP = 10;
    private static final int[] DIGITS = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    /**
     * A tick mark.
     *
     * @param value where it sits, in data units
     * @param label its label, or null for an unlabelled (minor) tick
     */
    public record Tick(double value, String label) {
        /** Whether it carries a label. */
        public boolean major() {
            return label != null;
        }
    }

    private Ticks() {}

    /**
     * Ticks of a linear axis over [lo, hi].
     *
     * @param length the axis length in pixels
     * @param labelSize a label's extent along the axis in pixels (its width on a horizontal axis)
     * @param spacing the smallest distance in pixels wanted between labels (fewer labels on short axes)
     */
    public static List<Tick> linear(double lo, double hi, double length, ToDoubleFunction<String> labelSize,
            double spacing) {
        double range = hi - lo;
        if (!(range > 0) || !Double.isFinite(range)) {
            return List.of(new Tick(lo, format(lo, Math.abs(lo) > 0 ? Math.abs(lo) / 10 : 1)));
        }
        int wanted = (int) Math.max(2, Math.min(10, length / spacing));
        return roundValues(lo, hi, wanted, t -> (t.value() - lo) / range * length, labelSize);
    }

    /**
     * Multiples of a round step in [lo, hi]: the finest step giving at most {@code wanted} of them whose labels
     * fit at {@code position}, but never fewer than two.
     */
    private static List<Tick> roundValues(double lo, double hi, int wanted, ToDoubleFunction<Tick> position,
            ToDoubleFunction<String> labelSize) {
        double step = niceAtLeast((hi - lo) / wanted);
        while (linearTicks(lo, hi, step).size() < 2) {
            step = previousNice(step);
        }
        while (true) {
            List<Tick> ticks = linearTicks(lo, hi, step);
            double wider = nextNice(step);
            if (fits(ticks, position, labelSize) || linearTicks(lo, hi, wider).size() < 2) {
                return ticks;
            }
            step = wider;
        }
    }

    private static List<Tick> linearTicks(double lo, double hi, double step) {
        List<Tick> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
            double value = k * step;
            ticks.add(new Tick(value, format(value, step)));
        }
        return ticks;
    }

    /**
     * Ticks of a logarithmic axis over [lo, hi] (both positive): labelled ticks as described above, and
     * unlabelled ones at the other digits where the axis is not too long for them.
     */
    public static List<Tick> log(double lo, double hi, double length, ToDoubleFunction<String> labelSize,
            double spacing) {
        double decades = Math.log10(hi / lo);
        if (!(decades > 0) || !Double.isFinite(decades)) {
            return List.of(new Tick(lo, formatLog(lo)));
        }
        ToDoubleFunction<Tick> position = t -> Math.log10(t.value() / lo) / decades * length;
        int wanted = (int) Math.max(2, Math.min(12, length / spacing));
        // densest first: every digit, 1-2-5, powers of ten, every stride-th power of ten
        List<LogLabels> schemes = new ArrayList<>(List.of(new LogLabels(DIGITS, 1),
                new LogLabels(new int[] {1, 2, 5}, 1)));
        for (int stride = 1; stride <= Math.max(1, Math.ceil(decades)); stride++) {
            schemes.add(new LogLabels(new int[] {1}, stride));
        }
        List<List<Tick>> legible = schemes.stream().map(scheme -> logTicks(lo, hi, scheme))
                .filter(ticks -> !ticks.isEmpty() && fits(ticks, position, labelSize)).toList();
        List<Tick> chosen = legible.stream().filter(ticks -> ticks.size() <= wanted).findFirst().orElse(null);
        if (chosen == null || chosen.size() < 3) {
            // a few more labels than wanted beat a lone one: the sparsest legible scheme with three
            for (List<Tick> ticks : legible) {
                if (ticks.size() >= 3) {
                    chosen = ticks;
                }
            }
        }
        if (chosen == null || chosen.size() < 2) {
            // shorter than a digit step (e.g. 3.1 to 3.9): round values, placed logarithmically
            chosen = roundValues(lo, hi, wanted, position, labelSize);
        }
        List<Tick> out = new ArrayList<>(chosen);
        if (decades <= 4) {
            for (Tick minor : logTicks(lo, hi, new LogLabels(DIGITS, 1))) {
                if (chosen.stream().noneMatch(t -> Math.abs(t.value() / minor.value() - 1) < 1e-9)) {
                    out.add(new Tick(minor.value(), null));
                }
            }
        }
        out.sort(java.util.Comparator.comparingDouble(Tick::value));
        return out;
    }

    /** Labels at {@code digits} times the powers of ten whose exponent is a multiple of {@code stride}. */
    private record LogLabels(int[] digits, int stride) {}

    private static List<Tick> logTicks(double lo, double hi, LogLabels scheme) {
        List<Tick> ticks = new ArrayList<>();
        int first = (int) Math.floor(Math.log10(lo));
        int last = (int) Math.ceil(Math.log10(hi));
        for (int exponent = first; exponent <= last; exponent++) {
            if (Math.floorMod(exponent, scheme.stride()) != 0) {
                continue;
            }
            for (int digit : scheme.digits()) {
                double value = digit * Math.pow(10, exponent);
                if (value >= lo * (1 - 1e-9) && value <= hi * (1 + 1e-9)) {
                    ticks.add(new Tick(value, formatLog(value)));
                }
            }
        }
        return ticks;
    }

    /** Whether neighbouring labels keep {@link #GAP} pixels between them. */
    private static boolean fits(List<Tick> ticks, ToDoubleFunction<Tick> position, ToDoubleFunction<String> size) {
        for (int i = 1; i < ticks.size(); i++) {
            double distance = position.applyAsDouble(ticks.get(i)) - position.applyAsDouble(ticks.get(i - 1));
            double needed = (size.applyAsDouble(ticks.get(i).label()) + size.applyAsDouble(ticks.get(i - 1).label()))
                    / 2 + GAP;
            if (distance < needed) {
                return false;
            }
        }
        return true;
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw}. */
    public static double niceAtLeast(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double nice : new double[] {1, 2, 5, 10}) {
            if (nice * power >= raw * (1 - 1e-9)) {
                return nice * power;
            }
        }
        return 10 * power;
    }

    private static double nextNice(double step) {
        return niceAtLeast(step * 1.0001);
    }

    /** The largest of 1, 2, 5 times a power of ten below {@code step} (itself such a number). */
    private static double previousNice(double step) {
        double power = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        double fraction = step / power;
        return fraction < 1.5 ? 0.5 * power : fraction < 3 ? power : 2 * power;
    }

    /** A tick value on a grid of {@code step}: as many decimals as the step needs, exponents for extremes. */
    public static String format(double value, double step) {
        if (value == 0) {
            return "0";
        }
        if (Math.abs(step) < 1e-4 || Math.abs(value) >= 1e6) {
            return scientific(value);
        }
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A value on a log axis: plainly from 0.001 to 99999, else as 2e-5. */
    static String formatLog(double value) {
        return significant(value, 3);
    }

    /** {@code digits} significant digits: plainly from 0.001 to 99999, else with an exponent ("2.5e-5"). */
    public static String significant(double value, int digits) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : Double.toString(value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e5) {
            return rounded.toPlainString();
        }
        return exponent(rounded);
    }

    private static String scientific(double value) {
        return exponent(new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros());
    }

    /** "5.16e-4" for 0.000516 (BigDecimal would write small numbers plainly). */
    private static String exponent(BigDecimal value) {
        int exponent = value.precision() - value.scale() - 1;
        return value.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
    }
}
