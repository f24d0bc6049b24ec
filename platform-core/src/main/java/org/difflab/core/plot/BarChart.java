package org.difflab.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Bars for named choices (a categorical axis): one group per category, one bar per series, each bar's value
 * printed on it (so bars many times smaller than the largest can still be read), optional error bars. The value
 * axis is linear and includes zero, since a bar's length is what the eye compares.
 */
public final class BarChart {

    /**
     * A series: one value per category.
     *
     * @param name legend text (empty: no legend)
     * @param values one per category; NaN where the series has no value there (drawn as "n/a")
     * @param errors half-length of each error bar, or null; NaN or 0: none
     */
    public record Series(String name, double[] values, double[] errors) {}

    private final String title;
    private final List<String> categories;
    private final List<String> subtitles = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Series> series = new ArrayList<>();
    private String xTitle = "";
    private String yTitle = "";
    private int width = 880;
    private int plotHeight = 380;
    private String referenceName;
    private double reference = Double.NaN;

    public BarChart(String title, List<String> categories) {
        this.title = title;
        this.categories = List.copyOf(categories);
    }

    public BarChart subtitle(String line) {
        subtitles.add(line);
        return this;
    }

    /** A footnote under the chart; one starting with "!" is printed as a warning. */
    public BarChart note(String line) {
        notes.add(line);
        return this;
    }

    public BarChart axes(String x, String y) {
        this.xTitle = x;
        this.yTitle = y;
        return this;
    }

    /** A dashed horizontal line at {@code value} (a reference level such as the sampling-noise floor). */
    public BarChart reference(String name, double value) {
        this.referenceName = name;
        this.reference = value;
        return this;
    }

    public BarChart add(Series s) {
        if (s.values().length != categories.size()) {
            throw new IllegalArgumentException("series '" + s.name() + "' has " + s.values().length + " values for "
                    + categories.size() + " categories");
        }
        series.add(s);
        return this;
    }

    /** The chart as PNG bytes. */
    public byte[] png() {
        return ChartPage.png(render());
    }

    BufferedImage render() {
        ChartPage page = new ChartPage();
        List<ChartPage.Entry> legend = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            if (!series.get(i).name().isEmpty()) {
                legend.add(new ChartPage.Entry(series.get(i).name(), ChartPage.color(i), ChartPage.Swatch.BOX, 1));
            }
        }
        if (Double.isFinite(reference)) {
            legend.add(new ChartPage.Entry(referenceName, ChartPage.MUTED, ChartPage.Swatch.DASHED, 1.5f));
        }
        boolean right = ChartPage.legendRight(legend);
        double lo = Double.isFinite(reference) ? Math.min(0, reference) : 0;
        double hi = Double.isFinite(reference) ? Math.max(0, reference) : 0;
        for (Series s : series) {
            for (int c = 0; c < categories.size(); c++) {
                double v = s.values()[c];
                double e = s.errors() != null && Double.isFinite(s.errors()[c]) ? s.errors()[c] : 0;
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v - e);
                    hi = Math.max(hi, v + e);
                }
            }
        }
        if (lo == hi) {
            hi = 1;
        }
        double room = (hi - lo) * 0.12;   // for the value labels
        hi = hi > 0 ? hi + room : hi;
        lo = lo < 0 ? lo - room : lo;

        List<Ticks.Tick> yTicks = Ticks.linear(lo, hi, plotHeight, s -> 14, 45);
        int yLabels = (int) yTicks.stream().mapToDouble(t -> page.width(t.label(), ChartPage.TEXT)).max().orElse(20);
        int left = ChartPage.MARGIN + 22 + yLabels + 10;
        int legendWidth = right ? page.legendWidth(legend) : 0;
        int plotWidth = width - left - ChartPage.MARGIN - legendWidth;
        double slot = (double) plotWidth / Math.max(1, categories.size());
        double widest = categories.stream().mapToDouble(c -> page.width(c, ChartPage.TEXT)).max().orElse(0);
        boolean slanted = widest > slot - 6;
        int categoryHeight = slanted ? (int) Math.min(widest * 0.72, 160) + 14 : 20;
        int top = page.titleHeight(subtitles) + 8;
        int below = top + plotHeight + categoryHeight + 26;
        int legendHeight = right ? 0 : page.legendBelowHeight(legend, width - 2 * ChartPage.MARGIN);
        int height = Math.max(below + legendHeight + page.notesHeight(notes) + 8,
                right ? top + legend.size() * 18 + 20 : 0);

        BufferedImage image = ChartPage.page(width, height);
        Graphics2D g = ChartPage.graphics(image);
        page.title(g, title, subtitles, ChartPage.MARGIN);
        double low = lo;
        double span = hi - lo;
        java.util.function.DoubleUnaryOperator py = v -> top + plotHeight - (v - low) / span * plotHeight;
        g.setFont(ChartPage.TEXT);
        for (Ticks.Tick tick : yTicks) {
            double y = py.applyAsDouble(tick.value());
            g.setColor(ChartPage.GRID);
            g.draw(new Line2D.Double(left, y, left + plotWidth, y));
            g.setColor(ChartPage.INK);
            g.draw(new Line2D.Double(left - 5, y, left, y));
            g.drawString(tick.label(), (float) (left - 8 - g.getFontMetrics().stringWidth(tick.label())),
                    (float) (y + 4));
        }
        double zero = py.applyAsDouble(0);
        double group = slot * 0.8;
        double bar = group / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double start = left + c * slot + (slot - group) / 2;
            for (int s = 0; s < series.size(); s++) {
                double x = start + s * bar;
                drawBar(g, series.get(s), c, ChartPage.color(s), x, bar, zero, py);
            }
            g.setColor(ChartPage.INK);
            g.setFont(ChartPage.TEXT);
            double center = left + (c + 0.5) * slot;
            if (slanted) {
                Graphics2D turned = (Graphics2D) g.create();
                turned.rotate(-Math.PI / 4, center, top + plotHeight + 14);
                turned.drawString(categories.get(c), (float) (center - page.width(categories.get(c), ChartPage.TEXT)),
                        top + plotHeight + 14);
                turned.dispose();
            } else {
                ChartPage.centered(g, categories.get(c), center, top + plotHeight + 18);
            }
        }
        if (Double.isFinite(reference)) {
            g.setColor(ChartPage.MUTED);
            g.setStroke(ChartPage.dashed(1.5f));
            g.draw(new Line2D.Double(left, py.applyAsDouble(reference), left + plotWidth, py.applyAsDouble(reference)));
        }
        g.setColor(ChartPage.INK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(left, top, plotWidth, plotHeight);
        g.draw(new Line2D.Double(left, zero, left + plotWidth, zero));
        g.setFont(ChartPage.TEXT.deriveFont(java.awt.Font.BOLD));
        ChartPage.centered(g, xTitle, left + plotWidth / 2.0, top + plotHeight + categoryHeight + 16);
        ChartPage.vertical(g, yTitle, ChartPage.MARGIN + 6, top + plotHeight / 2.0);
        if (right) {
            page.legendRight(g, legend, width - ChartPage.MARGIN - legendWidth + 12, top);
        } else {
            page.legendBelow(g, legend, ChartPage.MARGIN + 8, below, width - 2 * ChartPage.MARGIN);
        }
        page.notes(g, notes, ChartPage.MARGIN, below + legendHeight);
        g.dispose();
        return image;
    }

    private static void drawBar(Graphics2D g, Series s, int c, Color color, double x, double width, double zero,
            java.util.function.DoubleUnaryOperator py) {
        double value = s.values()[c];
        double inset = Math.min(2, width * 0.1);
        g.setFont(ChartPage.NOTE);
        if (!Double.isFinite(value)) {
            g.setColor(ChartPage.MUTED);
            label(g, "n/a", x + width / 2, zero - 3, width, true);
            return;
        }
        double y = py.applyAsDouble(value);
        g.setColor(color);
        g.fill(new Rectangle2D.Double(x + inset, Math.min(y, zero), width - 2 * inset, Math.abs(zero - y)));
        double error = s.errors() != null && Double.isFinite(s.errors()[c]) ? s.errors()[c] : 0;
        double end = value >= 0 ? py.applyAsDouble(value + error) : py.applyAsDouble(value - error);
        if (error > 0) {
            double mid = x + width / 2;
            double cap = Math.min(5, width / 3);
            g.setColor(ChartPage.INK);
            g.setStroke(new BasicStroke(1.2f));
            double a = py.applyAsDouble(value - error);
            double b = py.applyAsDouble(value + error);
            g.draw(new Line2D.Double(mid, a, mid, b));
            g.draw(new Line2D.Double(mid - cap, a, mid + cap, a));
            g.draw(new Line2D.Double(mid - cap, b, mid + cap, b));
            g.setStroke(new BasicStroke(1));
        }
        g.setColor(ChartPage.INK);
        label(g, Ticks.significant(value, 4), x + width / 2, value >= 0 ? end - 3 : end + 3, width, value >= 0);
    }

    /** A value label beyond the bar's end: level if it fits the bar's width, else turned upright, else none. */
    private static void label(Graphics2D g, String text, double x, double y, double width, boolean up) {
        double textWidth = g.getFontMetrics().stringWidth(text);
        if (textWidth <= width + 4) {
            ChartPage.centered(g, text, x, up ? y : y + 11);
        } else if (width >= 10) {
            Graphics2D turned = (Graphics2D) g.create();
            turned.rotate(-Math.PI / 2, x, y);
            turned.drawString(text, (float) (up ? x : x - textWidth), (float) (y + 4));
            turned.dispose();
        }
    }
}
