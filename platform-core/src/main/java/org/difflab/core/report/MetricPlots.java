package org.difflab.core.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.difflab.core.plot.BarChart;
import org.difflab.core.plot.LineChart;
import org.difflab.core.sweep.Labels;
import org.difflab.core.sweep.SweepManifest;
import org.difflab.core.sweep.TradeOffPlot;
import tools.jackson.databind.JsonNode;

/**
 * Plots of each metric against the sweep's numeric axes: one series per combination of the other axes' values
 * (those that vary among the plotted trials), repeats (seeds) averaged with error bars of one standard deviation.
 * Where the number of function evaluations changes along an axis (steps of solvers of different order), the
 * metric is also plotted against the measured NFE with the same series, which is the fair comparison of solvers.
 * A sweep over named choices only (no numeric axis) gets a bar chart per metric over its first axis, with the
 * other axes as bar colours. Axes are logarithmic where all values are positive and span a decade or more. A
 * swept {@code seed} counts as repeats, not as an axis. A plot that cannot be drawn is reported, never fatal.
 */
public final class MetricPlots {

    /** A swept key that repeats trials rather than varying a design choice. */
    static final String SEED = "seed";
    private static final Color FLOOR = new Color(120, 120, 120);

    /**
     * A rendered plot.
     *
     * @param file file name under plots/
     * @param title the chart's title
     * @param png the image
     */
    public record Plot(String file, String title, byte[] png) {}

    /**
     * A plot that could not be drawn.
     *
     * @param file the file name it would have had
     * @param title its title
     * @param error why
     */
    public record Failure(String file, String title, String error) {}

    /**
     * The plots of a sweep.
     *
     * @param drawn the plots that were drawn
     * @param failed the plots that could not be (the report lists them)
     */
    public record Plots(List<Plot> drawn, List<Failure> failed) {}

    /**
     * Mean and spread of a metric over repeats.
     *
     * @param mean the mean
     * @param sd the sample standard deviation (n - 1 in the denominator), NaN for a single value
     * @param n how many values
     */
    record Stat(double mean, double sd, int n) {
        static Stat of(List<Double> values) {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Stat(mean, values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : Double.NaN,
                    values.size());
        }
    }

    private MetricPlots() {}

    /** Every plot of the sweep's finished trials. */
    public static Plots of(SweepResults results) {
        return of(results, Supplier::get);
    }

    /** The renderer step, replaceable in tests to see that a failing plot costs only itself. */
    interface Renderer {
        byte[] render(Supplier<byte[]> chart);
    }

    static Plots of(SweepResults results, Renderer renderer) {
        SweepManifest manifest = results.manifest();
        List<TrialRow> done = results.rows().stream().filter(TrialRow::done).toList();
        List<Plot> plots = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        if (done.isEmpty()) {
            return new Plots(plots, failures);
        }
        Map<String, String> names = Labels.shortNames(manifest.keys());
        List<String> numeric = manifest.keys().stream().filter(k -> isNumeric(k, manifest)).toList();
        for (String metric : results.metricIds()) {
            ToDoubleFunction<TrialRow> y = r -> r.metrics().getOrDefault(metric, Double.NaN);
            double floor = done.stream().mapToDouble(r -> r.dataBaseline().getOrDefault(metric, Double.NaN))
                    .filter(Double::isFinite).average().orElse(Double.NaN);
            List<String> nfeAxes = new ArrayList<>();
            for (String x : numeric) {
                List<String> seriesKeys = seriesKeys(manifest, x);
                List<TrialRow> rows = done.stream().filter(r -> isNumber(r.trial().values().get(x))).toList();
                String title = manifest.experiment() + ": " + metric + " vs " + names.get(x);
                draw(plots, failures, renderer, file(metric + "-vs-" + names.get(x)), title,
                        () -> xy(title, names.get(x), metric, rows, done.size() - rows.size(), seriesKeys, names,
                                r -> r.trial().values().get(x).asDouble(), y, floor));
                if (nfeVaries(rows, seriesKeys, names)) {
                    nfeAxes.add(x);
                }
            }
            for (String x : nfeAxes) {
                List<String> seriesKeys = seriesKeys(manifest, x);
                String name = nfeAxes.size() == 1 ? metric + "-vs-nfe" : metric + "-vs-nfe-by-" + names.get(x);
                String title = manifest.experiment() + ": " + metric + " vs NFE";
                draw(plots, failures, renderer, file(name), title, () -> xy(title,
                        "NFE (denoiser evaluations per sample)", metric, done, 0, seriesKeys, names,
                        r -> r.nfe() == null ? Double.NaN : r.nfe(), y, floor));
            }
            if (numeric.isEmpty()) {
                List<String> axis = firstAxis(manifest);
                String axisName = axis.isEmpty() ? "all trials"
                        : String.join(", ", axis.stream().map(names::get).toList());
                String title = manifest.experiment() + ": " + metric + " by " + axisName;
                draw(plots, failures, renderer, file(metric + "-by-" + axisName), title,
                        () -> bars(title, metric, axisName, axis, manifest, done, names, floor));
            }
        }
        JsonNode sweepBlock = manifest.baseSpec() == null ? null : manifest.baseSpec().get("sweep");
        for (TradeOffPlot tradeOff : TradeOffPlot.read(sweepBlock, manifest.keys(),
                (path, problem) -> { })) {
            String along = names.getOrDefault(tradeOff.along(), tradeOff.along());
            String title = manifest.experiment() + ": " + tradeOff.y() + " vs " + tradeOff.x() + " along " + along;
            draw(plots, failures, renderer, file(tradeOff.y() + "-vs-" + tradeOff.x() + "-along-" + along), title,
                    () -> tradeOff(title, tradeOff, manifest, done, names));
        }
        return new Plots(plots, failures);
    }

    /**
     * The curves of a trade-off plot: for each combination of the other varying keys (a method), one point per value
     * of the {@code along} key in the order the sweep lists them, at the mean of each metric over repeats.
     */
    static Map<String, List<Stat[]>> tradeOffCurves(TradeOffPlot plot, SweepManifest manifest, List<TrialRow> rows,
            Map<String, String> names) {
        List<String> others = new ArrayList<>(manifest.keys());
        others.remove(plot.along());
        others.remove(SEED);
        List<String> keys = varying(rows, others);
        List<String> order = manifest.trials().stream().map(t -> String.valueOf(t.values().get(plot.along())))
                .distinct().toList();
        Map<String, Map<String, List<double[]>>> values = new LinkedHashMap<>();
        for (TrialRow row : rows) {
            double x = row.metrics().getOrDefault(plot.x(), Double.NaN);
            double y = row.metrics().getOrDefault(plot.y(), Double.NaN);
            if (Double.isFinite(x) && Double.isFinite(y)) {
                values.computeIfAbsent(label(row, keys, names), k -> new LinkedHashMap<>())
                        .computeIfAbsent(String.valueOf(row.trial().values().get(plot.along())),
                                k -> new ArrayList<>()).add(new double[] {x, y});
            }
        }
        Map<String, List<Stat[]>> out = new LinkedHashMap<>();
        values.forEach((name, byValue) -> {
            List<Stat[]> points = new ArrayList<>();
            for (String value : order) {
                List<double[]> pairs = byValue.get(value);
                if (pairs != null) {
                    points.add(new Stat[] {Stat.of(pairs.stream().map(p -> p[0]).toList()),
                            Stat.of(pairs.stream().map(p -> p[1]).toList())});
                }
            }
            out.put(name, points);
        });
        return out;
    }

    private static byte[] tradeOff(String title, TradeOffPlot plot, SweepManifest manifest, List<TrialRow> rows,
            Map<String, String> names) {
        Map<String, List<Stat[]>> curves = tradeOffCurves(plot, manifest, rows, names);
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no finished trial has finite values of both " + plot.x() + " and "
                    + plot.y() + " (are both among the evaluation's metrics?)");
        }
        LineChart chart = new LineChart(title).axes(plot.x(), plot.y());
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<Stat[]>> curve : curves.entrySet()) {
            double[] px = curve.getValue().stream().mapToDouble(p -> p[0].mean()).toArray();
            double[] py = curve.getValue().stream().mapToDouble(p -> p[1].mean()).toArray();
            double[] sd = curve.getValue().stream().mapToDouble(p -> p[1].sd()).toArray();
            chart.add(new LineChart.Series(curve.getKey().isEmpty() ? plot.y() : curve.getKey(), LineChart.color(i++),
                    LineChart.Style.LINE_AND_MARKERS, 2, px, py, sd));
            java.util.Arrays.stream(px).forEach(xs::add);
            java.util.Arrays.stream(py).forEach(ys::add);
        }
        double floorX = rows.stream().mapToDouble(r -> r.dataBaseline().getOrDefault(plot.x(), Double.NaN))
                .filter(Double::isFinite).average().orElse(Double.NaN);
        double floorY = rows.stream().mapToDouble(r -> r.dataBaseline().getOrDefault(plot.y(), Double.NaN))
                .filter(Double::isFinite).average().orElse(Double.NaN);
        if (Double.isFinite(floorX) && Double.isFinite(floorY)) {
            // where a perfect sampler lands at this sample size: both metrics of a fresh data draw
            chart.add(new LineChart.Series("data vs data", FLOOR, LineChart.Style.LINE_AND_MARKERS, 2,
                    new double[] {floorX}, new double[] {floorY}, null));
            xs.add(floorX);
            ys.add(floorY);
        }
        chart.logarithmic(spansDecades(xs), spansDecades(ys));
        List<String> order = manifest.trials().stream().map(t -> Labels.value(t.values().get(plot.along())))
                .distinct().toList();
        chart.note("each curve follows " + names.getOrDefault(plot.along(), plot.along()) + " = "
                + String.join(", ", order) + " from its first point");
        int most = curves.values().stream().flatMap(List::stream).mapToInt(p -> p[1].n()).max().orElse(0);
        if (most > 1) {
            chart.note("each point: the mean over seeds; error bars: ± 1 standard deviation of " + plot.y());
        }
        return chart.png();
    }

    private static void draw(List<Plot> plots, List<Failure> failures, Renderer renderer, String file, String title,
            Supplier<byte[]> chart) {
        try {
            plots.add(new Plot(file, title, renderer.render(chart)));
        } catch (RuntimeException e) {
            failures.add(new Failure(file, title, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /**
     * A key is numeric if every trial that has it has a number there and at least two numbers differ (trials of
     * an all-runs report may lack a key: those are left out of its plot). A swept seed is not an axis.
     */
    static boolean isNumeric(String key, SweepManifest manifest) {
        if (key.equals(SEED)) {
            return false;
        }
        Set<Double> distinct = new LinkedHashSet<>();
        for (SweepManifest.Trial trial : manifest.trials()) {
            JsonNode value = trial.values().get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isNumber()) {
                return false;
            }
            distinct.add(value.asDouble());
        }
        return distinct.size() >= 2;
    }

    private static boolean isNumber(JsonNode value) {
        return value != null && value.isNumber();
    }

    /** The keys that can tell series apart on a plot against {@code x}: all but x, its zip partners and the seed. */
    static List<String> seriesKeys(SweepManifest manifest, String x) {
        List<String> keys = new ArrayList<>();
        for (SweepManifest.AxisKeys axis : manifest.axes()) {
            if (!axis.keys().contains(x)) {
                axis.keys().stream().filter(k -> !k.equals(SEED)).forEach(keys::add);
            }
        }
        return keys;
    }

    /** The keys of the first axis that is not the seed (the bars' categories), or none. */
    private static List<String> firstAxis(SweepManifest manifest) {
        return manifest.axes().stream().map(SweepManifest.AxisKeys::keys).filter(k -> !k.equals(List.of(SEED)))
                .findFirst().orElse(List.of());
    }

    /** Of {@code keys}, those whose value differs between some of {@code rows}: the rest would only repeat. */
    static List<String> varying(List<TrialRow> rows, List<String> keys) {
        return keys.stream().filter(k -> rows.stream().map(r -> String.valueOf(r.trial().values().get(k)))
                .distinct().count() > 1).toList();
    }

    private static boolean nfeVaries(List<TrialRow> rows, List<String> seriesKeys, Map<String, String> names) {
        Map<String, Set<Integer>> nfes = new LinkedHashMap<>();
        for (TrialRow row : rows) {
            if (row.nfe() != null) {
                nfes.computeIfAbsent(label(row, seriesKeys, names), k -> new LinkedHashSet<>()).add(row.nfe());
            }
        }
        return nfes.values().stream().anyMatch(s -> s.size() > 1);
    }

    private static String label(TrialRow row, List<String> keys, Map<String, String> names) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        keys.forEach(k -> values.put(k, row.trial().values().get(k)));
        return Labels.describe(values, names);
    }

    /**
     * The points of a plot: for each series (a combination of the varying series keys), the mean and spread of y
     * over the rows at each x.
     */
    static Map<String, TreeMap<Double, Stat>> points(List<TrialRow> rows, List<String> seriesKeys,
            Map<String, String> names, ToDoubleFunction<TrialRow> x, ToDoubleFunction<TrialRow> y) {
        List<String> keys = varying(rows, seriesKeys);
        Map<String, TreeMap<Double, List<Double>>> values = new LinkedHashMap<>();
        for (TrialRow row : rows) {
            double xv = x.applyAsDouble(row);
            double yv = y.applyAsDouble(row);
            if (Double.isFinite(xv) && Double.isFinite(yv)) {
                values.computeIfAbsent(label(row, keys, names), k -> new TreeMap<>())
                        .computeIfAbsent(xv, k -> new ArrayList<>()).add(yv);
            }
        }
        Map<String, TreeMap<Double, Stat>> out = new LinkedHashMap<>();
        values.forEach((name, byX) -> {
            TreeMap<Double, Stat> stats = new TreeMap<>();
            byX.forEach((xv, ys) -> stats.put(xv, Stat.of(ys)));
            out.put(name, stats);
        });
        return out;
    }

    private static byte[] xy(String title, String xTitle, String metric, List<TrialRow> rows, int withoutX,
            List<String> seriesKeys, Map<String, String> names, ToDoubleFunction<TrialRow> x,
            ToDoubleFunction<TrialRow> y, double floor) {
        Map<String, TreeMap<Double, Stat>> series = points(rows, seriesKeys, names, x, y);
        LineChart chart = new LineChart(title).axes(xTitle, metric);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int i = 0;
        List<Stat> all = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Double, Stat>> entry : series.entrySet()) {
            double[] px = entry.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] py = entry.getValue().values().stream().mapToDouble(Stat::mean).toArray();
            double[] sd = entry.getValue().values().stream().mapToDouble(Stat::sd).toArray();
            all.addAll(entry.getValue().values());
            chart.add(new LineChart.Series(entry.getKey().isEmpty() && series.size() == 1 ? metric : entry.getKey(),
                    LineChart.color(i++), LineChart.Style.LINE_AND_MARKERS, 2, px, py, sd));
            for (int k = 0; k < px.length; k++) {
                xs.add(px[k]);
                ys.add(py[k]);
            }
        }
        if (Double.isFinite(floor) && !xs.isEmpty()) {
            // the metric of a fresh data draw: what a perfect sampler reaches at this sample size
            double lo = xs.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
            double hi = xs.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
            chart.add(new LineChart.Series("data vs data (sampling-noise floor)", FLOOR, LineChart.Style.DASHED, 1.5f,
                    new double[] {lo, hi}, new double[] {floor, floor}, null));
            ys.add(floor);
        }
        boolean logY = spansDecades(ys);
        chart.logarithmic(spansDecades(xs), logY);
        if (!logY) {
            double top = clippedTop(ys);
            if (Double.isFinite(top)) {
                chart.clipAbove(top).note("all values in summary.csv");
            }
        }
        notes(chart::note, "point", rows, metric, y, all.stream().mapToInt(Stat::n).min().orElse(0),
                all.stream().mapToInt(Stat::n).max().orElse(0));
        if (withoutX > 0) {
            chart.note(withoutX + " finished trial" + (withoutX == 1 ? " has" : "s have") + " no value of "
                    + xTitle + " and " + (withoutX == 1 ? "is" : "are") + " not shown (see the summary table)");
        }
        if (series.isEmpty()) {
            chart.note("!no finished trial has a finite " + metric);
        }
        return chart.png();
    }

    /**
     * The bars of a sweep over named choices: a category per value of the first axis (in the order the sweep
     * lists them), a bar colour per combination of the other varying axes, mean and spread over repeats.
     */
    static Map<String, Map<String, Stat>> bars(List<TrialRow> rows, List<String> axis, List<String> seriesKeys,
            Map<String, String> names, ToDoubleFunction<TrialRow> y) {
        List<String> keys = varying(rows, seriesKeys);
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        Set<String> categories = new LinkedHashSet<>();
        for (TrialRow row : rows) {
            String category = category(row, axis);
            categories.add(category);
            double v = y.applyAsDouble(row);
            List<Double> list = values.computeIfAbsent(label(row, keys, names), k -> new LinkedHashMap<>())
                    .computeIfAbsent(category, k -> new ArrayList<>());
            if (Double.isFinite(v)) {
                list.add(v);
            }
        }
        Map<String, Map<String, Stat>> out = new LinkedHashMap<>();
        values.forEach((name, byCategory) -> {
            Map<String, Stat> stats = new LinkedHashMap<>();
            for (String category : categories) {
                List<Double> vs = byCategory.getOrDefault(category, List.of());
                stats.put(category, vs.isEmpty() ? new Stat(Double.NaN, Double.NaN, 0) : Stat.of(vs));
            }
            out.put(name, stats);
        });
        return out;
    }

    private static String category(TrialRow row, List<String> axis) {
        return axis.isEmpty() ? "all trials"
                : String.join(", ", axis.stream().map(k -> Labels.value(row.trial().values().get(k))).toList());
    }

    private static byte[] bars(String title, String metric, String axisName, List<String> axis,
            SweepManifest manifest, List<TrialRow> rows, Map<String, String> names, double floor) {
        List<String> others = new ArrayList<>(manifest.keys());
        others.removeAll(axis);
        others.remove(SEED);
        ToDoubleFunction<TrialRow> y = r -> r.metrics().getOrDefault(metric, Double.NaN);
        Map<String, Map<String, Stat>> data = bars(rows, axis, others, names, y);
        List<String> categories = rows.stream().map(r -> category(r, axis)).distinct().toList();
        BarChart chart = new BarChart(title, categories).axes(axisName, metric);
        List<Stat> all = new ArrayList<>();
        for (Map.Entry<String, Map<String, Stat>> entry : data.entrySet()) {
            double[] means = categories.stream().mapToDouble(c -> entry.getValue().get(c).mean()).toArray();
            double[] sds = categories.stream().mapToDouble(c -> entry.getValue().get(c).sd()).toArray();
            entry.getValue().values().stream().filter(s -> s.n() > 0).forEach(all::add);
            chart.add(new BarChart.Series(data.size() == 1 ? "" : entry.getKey(), means, sds));
        }
        if (Double.isFinite(floor)) {
            chart.reference("data vs data (sampling-noise floor)", floor);
        }
        notes(chart::note, "bar", rows, metric, y, all.stream().mapToInt(Stat::n).min().orElse(0),
                all.stream().mapToInt(Stat::n).max().orElse(0));
        return chart.png();
    }

    /** Footnotes every metric plot carries: what a point (or bar) is, and what is missing from it. */
    private static void notes(java.util.function.Consumer<String> note, String what, List<TrialRow> rows,
            String metric, ToDoubleFunction<TrialRow> y, int fewest, int most) {
        if (most > 1) {
            note.accept("each " + what + ": the mean of " + (fewest == most ? "" : fewest + " to ") + most
                    + " seeds; error bars: ± 1 standard deviation over seeds");
        }
        long missing = rows.stream().filter(r -> !Double.isFinite(y.applyAsDouble(r))).count();
        if (missing > 0) {
            note.accept("!" + missing + " finished trial" + (missing == 1 ? " has" : "s have") + " no finite "
                    + metric + " (diverged or not computed) and " + (missing == 1 ? "is" : "are") + " not shown");
        }
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

    private static String file(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_") + ".png";
    }
}
