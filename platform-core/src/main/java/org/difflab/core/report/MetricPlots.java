package org.difflab.core.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.difflab.core.sweep.Labels;
import org.difflab.core.sweep.SweepManifest;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tools.jackson.databind.JsonNode;

/**
 * Plots of each metric against the sweep's numeric axes: one series per combination of the other axes'
 * values, repeats (seeds) averaged. Where the number of function evaluations changes along an axis (steps of
 * solvers of different order), the metric is also plotted against the measured NFE with the same series, which
 * is the fair comparison of solvers. A sweep without numeric axes gets a bar chart per metric over the first
 * axis. Axes are logarithmic where all values are positive and span a decade or more.
 */
public final class MetricPlots {

    private static final int WIDTH = 880;
    private static final int HEIGHT = 560;
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    /**
     * A rendered plot.
     *
     * @param file file name under plots/
     * @param title the chart's title
     * @param png the image
     */
    public record Plot(String file, String title, byte[] png) {}

    private MetricPlots() {}

    /** Every plot of the sweep's finished trials. */
    public static List<Plot> of(SweepResults results) {
        SweepManifest manifest = results.manifest();
        List<TrialRow> done = results.rows().stream().filter(TrialRow::done).toList();
        List<Plot> plots = new ArrayList<>();
        if (done.isEmpty()) {
            return plots;
        }
        Map<String, String> names = Labels.shortNames(manifest.keys());
        List<String> numeric = manifest.keys().stream().filter(k -> isNumeric(k, manifest)).toList();
        String suffix = manifest.repeat() > 1 ? " (mean of " + manifest.repeat() + " seeds)" : "";
        for (String metric : results.metricIds()) {
            ToDoubleFunction<TrialRow> y = r -> r.metrics().getOrDefault(metric, Double.NaN);
            double floor = done.stream().mapToDouble(r -> r.dataBaseline().getOrDefault(metric, Double.NaN))
                    .filter(Double::isFinite).average().orElse(Double.NaN);
            List<String> nfeAxes = new ArrayList<>();
            for (String x : numeric) {
                List<String> seriesKeys = seriesKeys(manifest, x);
                ToDoubleFunction<TrialRow> xValue = r -> r.trial().values().get(x).asDouble();
                plots.add(xy(file(metric + "-vs-" + names.get(x)), manifest.experiment() + ": " + metric + " vs "
                        + names.get(x) + suffix, names.get(x), metric, done, seriesKeys, names, xValue, y, floor));
                if (nfeVaries(done, seriesKeys, x)) {
                    nfeAxes.add(x);
                }
            }
            for (String x : nfeAxes) {
                List<String> seriesKeys = seriesKeys(manifest, x);
                String name = nfeAxes.size() == 1 ? metric + "-vs-nfe" : metric + "-vs-nfe-by-" + names.get(x);
                plots.add(xy(file(name), manifest.experiment() + ": " + metric + " vs NFE" + suffix,
                        "NFE (denoiser evaluations per sample)", metric, done, seriesKeys, names,
                        r -> r.nfe() == null ? Double.NaN : r.nfe(), y, floor));
            }
            if (numeric.isEmpty()) {
                plots.add(bars(metric, manifest, done, names, suffix));
            }
        }
        return plots;
    }

    /** A key is numeric if every trial's value is a number and at least two values differ. */
    static boolean isNumeric(String key, SweepManifest manifest) {
        Set<Double> distinct = new LinkedHashSet<>();
        for (SweepManifest.Trial trial : manifest.trials()) {
            JsonNode value = trial.values().get(key);
            if (value == null || !value.isNumber()) {
                return false;
            }
            distinct.add(value.asDouble());
        }
        return distinct.size() >= 2;
    }

    /** The keys that tell series apart on a plot against {@code x}: all but x and its zip partners. */
    static List<String> seriesKeys(SweepManifest manifest, String x) {
        List<String> keys = new ArrayList<>();
        for (SweepManifest.AxisKeys axis : manifest.axes()) {
            if (!axis.keys().contains(x)) {
                keys.addAll(axis.keys());
            }
        }
        return keys;
    }

    private static boolean nfeVaries(List<TrialRow> done, List<String> seriesKeys, String x) {
        Map<String, Set<Integer>> nfes = new LinkedHashMap<>();
        for (TrialRow row : done) {
            if (row.nfe() != null) {
                nfes.computeIfAbsent(label(row, seriesKeys, Map.of()), k -> new LinkedHashSet<>()).add(row.nfe());
            }
        }
        return nfes.values().stream().anyMatch(s -> s.size() > 1);
    }

    private static String label(TrialRow row, List<String> keys, Map<String, String> names) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        keys.forEach(k -> values.put(k, row.trial().values().get(k)));
        return Labels.describe(values, names);
    }

    private static Plot xy(String file, String title, String xTitle, String yTitle, List<TrialRow> rows,
            List<String> seriesKeys, Map<String, String> names, ToDoubleFunction<TrialRow> x,
            ToDoubleFunction<TrialRow> y, double floor) {
        Map<String, TreeMap<Double, double[]>> series = new LinkedHashMap<>();
        for (TrialRow row : rows) {
            double xv = x.applyAsDouble(row);
            double yv = y.applyAsDouble(row);
            if (!Double.isFinite(xv) || !Double.isFinite(yv)) {
                continue;
            }
            String name = seriesKeys.isEmpty() ? yTitle : label(row, seriesKeys, names);
            double[] sum = series.computeIfAbsent(name, k -> new TreeMap<>()).computeIfAbsent(xv, k -> new double[2]);
            sum[0] += yv;
            sum[1] += 1;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height(series.keySet())).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler(), series.keySet());
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Double, double[]>> entry : series.entrySet()) {
            double[] px = entry.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] py = entry.getValue().values().stream().mapToDouble(s -> s[0] / s[1]).toArray();
            var s = chart.addSeries(entry.getKey(), px, py);
            s.setMarker(SeriesMarkers.CIRCLE);
            for (int i = 0; i < px.length; i++) {
                xs.add(px[i]);
                ys.add(py[i]);
            }
        }
        if (Double.isFinite(floor) && !xs.isEmpty()) {
            // the metric of a fresh data draw: what a perfect sampler reaches at this sample size
            double lo = xs.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
            double hi = xs.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
            var s = chart.addSeries("data vs data (sampling-noise floor)", new double[] {lo, hi},
                    new double[] {floor, floor});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setLineColor(Color.GRAY);
            ys.add(floor);
            chart.getStyler().setLegendVisible(true);
        }
        chart.getStyler().setXAxisLogarithmic(spansDecades(xs));
        chart.getStyler().setYAxisLogarithmic(spansDecades(ys));
        if (!spansDecades(ys)) {
            double top = clippedTop(ys);
            if (Double.isFinite(top)) {
                chart.getStyler().setYAxisMax(top);
                chart.setTitle(title + " (axis clipped; all values in summary.csv)");
            }
        }
        if (series.isEmpty()) {
            chart.addSeries("no finished trials", new double[] {0}, new double[] {0});
        }
        return new Plot(file, title, png(chart));
    }

    private static Plot bars(String metric, SweepManifest manifest, List<TrialRow> rows, Map<String, String> names,
            String suffix) {
        SweepManifest.AxisKeys first = manifest.axes().get(0);
        List<String> others = new ArrayList<>(manifest.keys());
        others.removeAll(first.keys());
        Map<String, Map<String, double[]>> series = new LinkedHashMap<>();
        Set<String> categories = new LinkedHashSet<>();
        for (TrialRow row : rows) {
            double value = row.metrics().getOrDefault(metric, Double.NaN);
            if (!Double.isFinite(value)) {
                continue;
            }
            String category = String.join(", ", first.keys().stream()
                    .map(k -> Labels.value(row.trial().values().get(k))).toList());
            categories.add(category);
            String name = others.isEmpty() ? metric : label(row, others, names);
            double[] sum = series.computeIfAbsent(name, k -> new LinkedHashMap<>()).computeIfAbsent(category,
                    k -> new double[2]);
            sum[0] += value;
            sum[1] += 1;
        }
        String axisName = String.join(", ", first.keys().stream().map(names::get).toList());
        String title = manifest.experiment() + ": " + metric + " by " + axisName + suffix;
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(height(series.keySet())).title(title)
                .xAxisTitle(axisName).yAxisTitle(metric).build();
        style(chart.getStyler(), series.keySet());
        List<Double> all = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[]>> entry : series.entrySet()) {
            List<String> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (String category : categories) {
                double[] sum = entry.getValue().get(category);
                xs.add(category);
                ys.add(sum == null ? 0.0 : sum[0] / sum[1]);
                all.add(sum == null ? 0.0 : sum[0] / sum[1]);   // a missing bar (0) rules out a log axis
            }
            chart.addSeries(entry.getKey(), xs, ys);
        }
        if (series.isEmpty()) {
            chart.addSeries("no finished trials", List.of("-"), List.of(0.0));
        }
        if (spansDecades(all)) {
            // XChart starts bars at 0 unless told otherwise, which a logarithmic axis cannot show
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(decadeBelow(all));
        }
        return new Plot(file(metric + "-by-" + axisName), title, png(chart));
    }

    /** Many short names go in a column on the right; otherwise the legend goes below and the chart grows. */
    private static boolean legendRight(Set<String> names) {
        return names.size() > 5 && names.stream().mapToInt(String::length).max().orElse(0) <= 24;
    }

    private static int height(Set<String> names) {
        return legendRight(names) ? HEIGHT : HEIGHT + 20 * Math.max(0, names.size() - 4);
    }

    private static void style(Styler styler, Set<String> names) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setSeriesColors(PALETTE);
        styler.setLegendVisible(names.size() > 1);
        styler.setLegendPosition(legendRight(names) ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.OutsideS);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAntiAlias(true);
    }

    /**
     * Where a linear y axis should end so that a few far outliers (a solver diverging at the fewest steps)
     * do not flatten every other curve: the 80th percentile plus twice its distance from the minimum, if
     * the maximum lies more than five such distances beyond it; otherwise NaN (no clipping).
     */
    static double clippedTop(List<Double> values) {
        if (values.size() < 5) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double low = sorted[0];
        double q80 = sorted[(int) Math.floor(0.8 * (sorted.length - 1))];
        double spread = q80 - low;
        double max = sorted[sorted.length - 1];
        if (spread <= 0 || max - q80 <= 5 * spread) {
            return Double.NaN;
        }
        return q80 + 2 * spread;
    }

    /** All positive and max/min of at least 10. */
    static boolean spansDecades(List<Double> values) {
        if (values.isEmpty()) {
            return false;
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
        double max = values.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
        return min > 0 && max / min >= 10;
    }

    /** The power of ten at or below the smallest value (where bars on a logarithmic axis start). */
    static double decadeBelow(List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return Math.pow(10, Math.floor(Math.log10(min)));
    }

    private static String file(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_") + ".png";
    }

    private static byte[] png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
