package org.difflab.core.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Axis labels can be read: at least two on every axis, round values, and never touching (issue 9, item 9: sweep plots
 * on log axes carried a single tick label; loss.png's step labels overlapped).
 */
class TicksTest {

    private static final FontMetrics METRICS = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
            .getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    private static final ToDoubleFunction<String> WIDTH = METRICS::stringWidth;

    private static List<String> labels(List<Ticks.Tick> ticks) {
        return ticks.stream().filter(Ticks.Tick::major).map(Ticks.Tick::label).toList();
    }

    @Test
    void aLogAxisOfOneDecadeLabelsMoreThanItsPowerOfTen() {
        // karras-rho's steps axis, 3 to 35 (it showed only "10")
        assertThat(labels(Ticks.log(3, 35, 760, WIDTH, 65))).containsExactly("3", "4", "5", "6", "7", "8", "9", "10",
                "20", "30");
        // half a decade containing no power of ten at all
        assertThat(labels(Ticks.log(0.15, 0.9, 400, s -> 14, 45))).containsExactly("0.2", "0.3", "0.4", "0.5", "0.6",
                "0.7", "0.8", "0.9");
        // shorter than a digit step: round linear values
        assertThat(labels(Ticks.log(3.1, 3.9, 760, WIDTH, 65))).contains("3.2", "3.4", "3.6", "3.8");
    }

    @Test
    void aLongLogAxisLabelsPowersOfTenAndOnlySomeOfThemWhenVeryLong() {
        assertThat(labels(Ticks.log(0.006, 40, 400, s -> 14, 45))).containsExactly("0.01", "0.1", "1", "10");
        assertThat(labels(Ticks.log(5, 103, 760, WIDTH, 65))).containsExactly("5", "10", "20", "50", "100");
        // 25 powers of ten on 300 pixels: every fifth
        assertThat(labels(Ticks.log(1e-12, 1e12, 300, s -> 14, 45))).containsExactly("1e-10", "1e-5", "1", "1e5",
                "1e10");
    }

    @Test
    void aLinearAxisOfTrainingStepsHasRoundLabelsThatDoNotTouch() {
        assertThat(labels(Ticks.linear(1, 4000, 760, WIDTH, 80))).containsExactly("500", "1000", "1500", "2000",
                "2500", "3000", "3500", "4000");
        assertThat(labels(Ticks.linear(0, 400000, 760, WIDTH, 80))).containsExactly("0", "50000", "100000", "150000",
                "200000", "250000", "300000", "350000", "400000");
        assertThat(labels(Ticks.linear(-4.2, 4.3, 760, WIDTH, 80))).containsExactly("-4", "-3", "-2", "-1", "0", "1",
                "2", "3", "4");
        assertThat(labels(Ticks.linear(0.0012, 0.0019, 400, s -> 14, 45))).contains("0.0012", "0.0014", "0.0016");
    }

    @Test
    void everyAxisCarriesAtLeastTwoLabelsThatNeverTouch() {
        Random random = new Random(9);
        for (int trial = 0; trial < 2000; trial++) {
            double lo = Math.pow(10, random.nextDouble() * 16 - 8);
            double hi = lo * Math.pow(10, random.nextDouble() * 12 + 0.02);
            double length = 200 + random.nextDouble() * 600;
            for (boolean log : new boolean[] {true, false}) {
                List<Ticks.Tick> ticks = log ? Ticks.log(lo, hi, length, WIDTH, 65)
                        : Ticks.linear(lo, hi, length, WIDTH, 80);
                List<Ticks.Tick> major = ticks.stream().filter(Ticks.Tick::major).toList();
                String axis = (log ? "log" : "linear") + " [" + lo + ", " + hi + "] over " + length + " px: "
                        + labels(ticks);
                assertThat(major).as(axis).hasSizeGreaterThanOrEqualTo(2);
                assertThat(labels(ticks)).as(axis).doesNotHaveDuplicates();
                for (int i = 1; i < major.size(); i++) {
                    double a = position(major.get(i - 1).value(), lo, hi, log) * length;
                    double b = position(major.get(i).value(), lo, hi, log) * length;
                    double room = (WIDTH.applyAsDouble(major.get(i - 1).label())
                            + WIDTH.applyAsDouble(major.get(i).label())) / 2;
                    assertThat(b - a).as(axis).isGreaterThan(room);
                    assertThat(major.get(i).value()).as(axis).isBetween(lo * (1 - 1e-9), hi * (1 + 1e-9));
                }
            }
        }
    }

    private static double position(double v, double lo, double hi, boolean log) {
        return log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
    }

    @Test
    void valuesAreWrittenPlainlyInTheMiddleRangeAndWithExponentsBeyond() {
        assertThat(Ticks.significant(0.0336168, 4)).isEqualTo("0.03362");
        assertThat(Ticks.significant(2.53062, 4)).isEqualTo("2.531");
        assertThat(Ticks.significant(5.159e-4, 3)).isEqualTo("5.16e-4");
        assertThat(Ticks.significant(1.5e6, 3)).isEqualTo("1.5e6");
        assertThat(Ticks.format(0.5, 0.1)).isEqualTo("0.5");
        assertThat(Ticks.format(2500, 500)).isEqualTo("2500");
    }
}
