package org.difflab.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A chart of lines (with markers and error bars if wanted) on linear or logarithmic axes whose every tick label can
 * be read (see {@link Ticks}). Points above a clipped y axis are drawn as triangles on its top edge and counted in
 * a footnote, so nothing disappears without a word.
 */
public final class LineChart {

    /** How a series is drawn. */
    public enum Style {
        /** Line through the points, a dot on each. */
        LINE_AND_MARKERS,
        /** A plain line. */
        LINE,
        /** A dashed line (reference levels). */
        DASHED
    }

    /**
     * A series.
     *
     * @param name legend text
     * @param color its colour
     * @param style how it is drawn
     * @param width line width in pixels
     * @param x x values
     * @param y y values (non-finite ones are gaps)
     * @param error half-length of an error bar at each point, or null (NaN or 0: none)
     */
    public record Series(String name, Color color, Style style, float width, double[] x, double[] y,
            double[] error) {}

    private final String title;
    private final List<String> subtitles = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Series> series = new ArrayList<>();
    private String xTitle = "";
    private String yTitle = "";
    private boolean logX;
    private boolean logY;
    private double xPadding = 0.03;
    private double yMax = Double.NaN;
    private double yMin = Double.NaN;
    private int width = 880;
    private int plotHeight = 400;

    public LineChart(String title) {
        this.title = title;
    }

    /** The {@code i}-th colour of the chart palette. */
    public static Color color(int i) {
        return ChartPage.color(i);
    }

    public LineChart subtitle(String line) {
        subtitles.add(line);
        return this;
    }

    /** A footnote under the chart; one starting with "!" is printed as a warning. */
    public LineChart note(String line) {
        notes.add(line);
        return this;
    }

    public LineChart axes(String x, String y) {
        this.xTitle = x;
        this.yTitle = y;
        return this;
    }

    public LineChart logarithmic(boolean x, boolean y) {
        this.logX = x;
        this.logY = y;
        return this;
    }

    /** Fraction of the x range added on each side (default 0.03; 0 for an axis that starts and ends at the data). */
    public LineChart xPadding(double fraction) {
        this.xPadding = fraction;
        return this;
    }

    /** Ends the y axis at {@code max}; points above are drawn on the edge and counted in a footnote. */
    public LineChart clipAbove(double max) {
        this.yMax = max;
        return this;
    }

    /** Starts the y axis at {@code min} (e.g. 0 for densities). */
    public LineChart yFrom(double min) {
        this.yMin = min;
        return this;
    }

    public LineChart size(int width, int plotHeight) {
        this.width = width;
        this.plotHeight = plotHeight;
        return this;
    }

    public LineChart add(Series s) {
        series.add(s);
        return this;
    }

    /** The chart as PNG bytes. */
    public byte[] png() {
        return ChartPage.png(render());
    }

    /** Where a value lands on an axis: a fraction from its start. */
    private record Scale(double lo, double hi, boolean log) {
        double fraction(double v) {
            return log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
        }

        List<Ticks.Tick> ticks(double length, java.util.function.ToDoubleFunction<String> size, double spacing) {
            return log ? Ticks.log(lo, hi, length, size, spacing) : Ticks.linear(lo, hi, length, size, spacing);
        }
    }

    BufferedImage render() {
        ChartPage page = new ChartPage();
        List<ChartPage.Entry> legend = series.stream().filter(s -> !s.name().isEmpty())
                .map(s -> new ChartPage.Entry(s.name(), s.color(), swatch(s.style()), Math.max(2, s.width()))).toList();
        boolean right = ChartPage.legendRight(legend);
        Scale x = scale(true);
        Scale y = scale(false);
        int clipped = countAbove(y);
        List<String> footnotes = new ArrayList<>(notes);
        if (clipped > 0) {
            footnotes.add(0, "!" + clipped + " point" + (clipped == 1 ? "" : "s") + " above the top of the y axis ("
                    + Ticks.formatLog(y.hi()) + "), drawn as triangles on its edge");
        }

        List<Ticks.Tick> yTicks = y.ticks(plotHeight, s -> 14, 45);
        int yLabels = (int) yTicks.stream().filter(Ticks.Tick::major)
                .mapToDouble(t -> page.width(t.label(), ChartPage.TEXT)).max().orElse(20);
        int left = ChartPage.MARGIN + 22 + yLabels + 10;
        int legendWidth = right ? page.legendWidth(legend) : 0;
        int plotWidth = width - left - ChartPage.MARGIN - legendWidth;
        int top = page.titleHeight(subtitles) + 8;
        List<Ticks.Tick> xTicks = x.ticks(plotWidth, s -> page.width(s, ChartPage.TEXT), x.log() ? 65 : 80);
        int below = top + plotHeight + 44;
        int legendHeight = right ? 0 : page.legendBelowHeight(legend, width - 2 * ChartPage.MARGIN);
        int height = Math.max(below + legendHeight + page.notesHeight(footnotes) + 8,
                right ? top + legend.size() * 18 + 20 : 0);

        BufferedImage image = ChartPage.page(width, height);
        Graphics2D g = ChartPage.graphics(image);
        page.title(g, title, subtitles, ChartPage.MARGIN);
        axes(g, x, y, xTicks, yTicks, left, top, plotWidth);
        Graphics2D plot = (Graphics2D) g.create();
        plot.clipRect(left, top - 6, plotWidth, plotHeight + 12);
        for (Series s : series) {
            draw(plot, s, x, y, left, top, plotWidth);
        }
        plot.dispose();
        if (right) {
            page.legendRight(g, legend, width - ChartPage.MARGIN - legendWidth + 12, top);
        } else {
            page.legendBelow(g, legend, ChartPage.MARGIN + 8, below, width - 2 * ChartPage.MARGIN);
        }
        page.notes(g, footnotes, ChartPage.MARGIN, below + legendHeight);
        g.dispose();
        return image;
    }

    private static ChartPage.Swatch swatch(Style style) {
        return switch (style) {
            case LINE_AND_MARKERS -> ChartPage.Swatch.LINE_AND_MARKER;
            case LINE -> ChartPage.Swatch.LINE;
            case DASHED -> ChartPage.Swatch.DASHED;
        };
    }

    /** The axis range: the data (and error bars) with a little padding, or as fixed by the caller. */
    private Scale scale(boolean horizontal) {
        boolean log = horizontal ? logX : logY;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] values = horizontal ? s.x() : s.y();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) {
                    continue;
                }
                double error = !horizontal && s.error() != null && Double.isFinite(s.error()[i]) ? s.error()[i] : 0;
                double low = values[i] - error;
                lo = Math.min(lo, log && low <= 0 ? values[i] : low);
                hi = Math.max(hi, values[i] + error);
            }
        }
        if (!horizontal && Double.isFinite(yMax)) {
            hi = yMax;
        }
        if (!horizontal && Double.isFinite(yMin)) {
            lo = yMin;
        }
        if (!(lo <= hi)) {
            lo = log ? 1 : 0;
            hi = log ? 10 : 1;
        }
        if (lo == hi) {
            double spread = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo = log ? lo / 2 : lo - spread;
            hi = log ? hi * 2 : hi + spread;
        }
        double padding = horizontal ? xPadding : 0.05;
        boolean fixedLow = !horizontal && Double.isFinite(yMin);
        boolean fixedHigh = !horizontal && Double.isFinite(yMax);
        if (log) {
            double factor = Math.pow(hi / lo, padding);
            return new Scale(fixedLow ? lo : lo / factor, fixedHigh ? hi : hi * factor, true);
        }
        double pad = (hi - lo) * padding;
        return new Scale(fixedLow ? lo : lo - pad, fixedHigh ? hi : hi + pad, false);
    }

    private int countAbove(Scale y) {
        if (!Double.isFinite(yMax)) {
            return 0;
        }
        int count = 0;
        for (Series s : series) {
            for (int i = 0; i < s.y().length; i++) {
                if (Double.isFinite(s.x()[i]) && s.y()[i] > y.hi()) {
                    count++;
                }
            }
        }
        return count;
    }

    private void axes(Graphics2D g, Scale x, Scale y, List<Ticks.Tick> xTicks, List<Ticks.Tick> yTicks, int left,
            int top, int plotWidth) {
        int bottom = top + plotHeight;
        g.setFont(ChartPage.TEXT);
        for (Ticks.Tick tick : xTicks) {
            double px = left + x.fraction(tick.value()) * plotWidth;
            if (tick.major()) {
                g.setColor(ChartPage.GRID);
                g.draw(new Line2D.Double(px, top, px, bottom));
                g.setColor(ChartPage.INK);
                g.draw(new Line2D.Double(px, bottom, px, bottom + 5));
                ChartPage.centered(g, tick.label(), px, bottom + 19);
            } else {
                g.setColor(ChartPage.MUTED);
                g.draw(new Line2D.Double(px, bottom, px, bottom + 3));
            }
        }
        for (Ticks.Tick tick : yTicks) {
            double py = bottom - y.fraction(tick.value()) * plotHeight;
            if (tick.major()) {
                g.setColor(ChartPage.GRID);
                g.draw(new Line2D.Double(left, py, left + plotWidth, py));
                g.setColor(ChartPage.INK);
                g.draw(new Line2D.Double(left - 5, py, left, py));
                g.drawString(tick.label(), (float) (left - 8 - g.getFontMetrics().stringWidth(tick.label())),
                        (float) (py + 4));
            } else {
                g.setColor(ChartPage.MUTED);
                g.draw(new Line2D.Double(left - 3, py, left, py));
            }
        }
        g.setColor(ChartPage.INK);
        g.drawRect(left, top, plotWidth, plotHeight);
        g.setFont(ChartPage.TEXT.deriveFont(java.awt.Font.BOLD));
        String xLabel = xTitle + (logX ? " (log scale)" : "");
        ChartPage.centered(g, xLabel, left + plotWidth / 2.0, bottom + 37);
        ChartPage.vertical(g, yTitle + (logY ? " (log scale)" : ""), ChartPage.MARGIN + 6, top + plotHeight / 2.0);
    }

    private void draw(Graphics2D g, Series s, Scale x, Scale y, int left, int top, int plotWidth) {
        int bottom = top + plotHeight;
        double[] px = new double[s.x().length];
        double[] py = new double[s.x().length];
        for (int i = 0; i < px.length; i++) {
            boolean valid = Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])
                    && (!x.log() || s.x()[i] > 0) && (!y.log() || s.y()[i] > 0);
            px[i] = valid ? left + x.fraction(s.x()[i]) * plotWidth : Double.NaN;
            py[i] = valid ? bottom - y.fraction(Math.min(s.y()[i], y.hi())) * plotHeight : Double.NaN;
        }
        g.setColor(s.color());
        g.setStroke(s.style() == Style.DASHED ? ChartPage.dashed(s.width()) : new BasicStroke(s.width(),
                BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double line = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < px.length; i++) {
            if (Double.isNaN(px[i])) {
                pen = false;
            } else if (pen) {
                line.lineTo(px[i], py[i]);
            } else {
                line.moveTo(px[i], py[i]);
                pen = true;
            }
        }
        g.draw(line);
        g.setStroke(new BasicStroke(1.2f));
        for (int i = 0; i < px.length; i++) {
            if (Double.isNaN(px[i])) {
                continue;
            }
            if (s.error() != null && Double.isFinite(s.error()[i]) && s.error()[i] > 0) {
                double low = s.y()[i] - s.error()[i];
                double yLow = bottom - (y.log() && low <= 0 ? 0 : y.fraction(low)) * plotHeight;
                double yHigh = bottom - y.fraction(Math.min(s.y()[i] + s.error()[i], y.hi())) * plotHeight;
                g.draw(new Line2D.Double(px[i], Math.min(yLow, bottom), px[i], yHigh));
                g.draw(new Line2D.Double(px[i] - 4, yHigh, px[i] + 4, yHigh));
                if (yLow <= bottom) {
                    g.draw(new Line2D.Double(px[i] - 4, yLow, px[i] + 4, yLow));
                }
            }
            boolean above = s.y()[i] > y.hi();
            if (above) {
                g.fill(triangle(px[i], top));
            } else if (s.style() == Style.LINE_AND_MARKERS) {
                Shape dot = new Ellipse2D.Double(px[i] - 3.5, py[i] - 3.5, 7, 7);
                g.fill(dot);
            }
        }
    }

    private static Shape triangle(double x, double top) {
        Path2D.Double t = new Path2D.Double();
        t.moveTo(x, top - 5);
        t.lineTo(x - 5, top + 4);
        t.lineTo(x + 5, top + 4);
        t.closePath();
        return t;
    }
}
