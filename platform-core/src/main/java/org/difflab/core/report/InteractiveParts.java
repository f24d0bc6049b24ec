package org.difflab.core.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.difflab.core.sweep.Labels;
import org.difflab.core.sweep.SweepManifest;
import tools.jackson.databind.JsonNode;

/**
 * The parts of report.html that are drawn in the page itself (inline SVG, a few lines of JavaScript, nothing
 * downloaded): the training loss curves of the trials, finished or still running, and a heatmap of each metric when
 * two numeric axes are swept (mean over seeds, with the standard deviation).
 */
final class InteractiveParts {

    /** Sorting by a column's header and filtering rows by words typed above the table. */
    static final String SCRIPT = """
            <script>
            function sortBy(th) {
              const table = th.closest('table'), column = [...th.parentNode.children].indexOf(th);
              const body = table.tBodies[0], rows = [...body.rows], ascending = th.dataset.dir !== 'asc';
              th.dataset.dir = ascending ? 'asc' : 'desc';
              const key = cell => cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim();
              rows.sort((a, b) => {
                const x = key(a.cells[column]), y = key(b.cells[column]);
                const nx = parseFloat(x), ny = parseFloat(y);
                const order = !isNaN(nx) && !isNaN(ny) ? nx - ny : x === '' ? 1 : y === '' ? -1 : x.localeCompare(y);
                return ascending ? order : -order;
              });
              rows.forEach(r => body.appendChild(r));
            }
            function filterRows(input, id) {
              const words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
              for (const row of document.querySelectorAll('#' + id + ' tbody tr')) {
                const text = row.textContent.toLowerCase();
                row.style.display = words.every(w => text.includes(w)) ? '' : 'none';
              }
            }
            </script>
            """;

    private static final String[] PALETTE = {"#1f4e9c", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085",
        "#7f8c8d", "#b7950b", "#2c3e50", "#e84393"};

    private InteractiveParts() {}

    /** The loss curves of every trial that trains, as one SVG; empty if none has a loss.csv. */
    static String lossCurves(SweepResults results) {
        Path experiment = results.directory().toAbsolutePath().getParent().getParent();
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        Map<String, Boolean> running = new LinkedHashMap<>();
        Map<String, String> names = Labels.shortNames(results.manifest().keys());
        for (TrialRow row : results.rows()) {
            SweepManifest.Trial trial = row.trial();
            if (trial.sameRunAs() != null) {
                continue;
            }
            LiveRuns.lossFile(experiment, trial.runId()).ifPresent(file -> {
                List<double[]> losses = LiveRuns.losses(file);
                if (!losses.isEmpty()) {
                    String label = "#" + trial.index() + " " + Labels.describe(trial.values(), names)
                            + (results.manifest().repeat() > 1 ? " seed=" + trial.seed() : "");
                    curves.put(label, losses);
                    running.put(label, !row.done());
                }
            });
        }
        if (curves.isEmpty()) {
            return "";
        }
        double maxStep = 1;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (List<double[]> curve : curves.values()) {
            for (double[] point : curve) {
                maxStep = Math.max(maxStep, point[0]);
                if (point[1] > 0 && Double.isFinite(point[1])) {
                    low = Math.min(low, point[1]);
                    high = Math.max(high, point[1]);
                }
            }
        }
        if (!(low < high)) {
            high = low * 2;
        }
        boolean log = high / low > 20;   // as loss.png: logarithmic only when the losses span decades
        double lo = log ? Math.log10(low) : 0;
        double hi = log ? Math.log10(high) : high;
        int width = 720;
        int height = 300;
        int left = 60;
        int bottom = 30;
        StringBuilder svg = new StringBuilder();
        svg.append("<h2>Training loss</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width + 230)
                .append("\" height=\"").append(height + 20).append("\" style=\"font-size:11px\">\n");
        svg.append("<rect x=\"").append(left).append("\" y=\"10\" width=\"").append(width - left).append("\" height=\"")
                .append(height - bottom - 10).append("\" fill=\"none\" stroke=\"#ccd\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">step %.0f</text><text x=\"%d\" y=\"%d\">0</text>%n",
                width - 60, height - 8, maxStep, left, height - 8));
        svg.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"18\">%.3g</text><text x=\"2\" y=\"%d\">%.3g</text>%n",
                high, height - bottom, low));
        if (log) {
            svg.append("<text x=\"2\" y=\"").append(height / 2).append("\">log</text>\n");
        }
        int index = 0;
        for (Map.Entry<String, List<double[]>> entry : curves.entrySet()) {
            String colour = PALETTE[index % PALETTE.length];
            List<double[]> curve = entry.getValue();
            int stride = Math.max(1, curve.size() / 400);
            List<String> points = new ArrayList<>();
            for (int i = 0; i < curve.size(); i += stride) {
                double value = Math.max(curve.get(i)[1], low);
                double y = log ? Math.log10(value) : value;
                double px = left + (width - left) * curve.get(i)[0] / maxStep;
                double py = 10 + (height - bottom - 10) * (1 - (y - lo) / (hi - lo));
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
            }
            boolean live = running.get(entry.getKey());
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"")
                    .append(live ? " stroke-dasharray=\"4 2\"" : "").append(" points=\"")
                    .append(String.join(" ", points)).append("\"><title>").append(HtmlReport.escape(entry.getKey()))
                    .append("</title></polyline>\n");
            svg.append("<text x=\"").append(width + 10).append("\" y=\"").append(20 + 14 * index).append("\" fill=\"")
                    .append(colour).append("\">").append(HtmlReport.escape(entry.getKey()))
                    .append(live ? " (running)" : "").append("</text>\n");
            index++;
        }
        svg.append("</svg>\n<p>Per-step loss from each run's <code>loss.csv</code> (every ").append("n-th step past 400"
                + " points); dashed: still training, read from its staging directory.</p>\n");
        return svg.toString();
    }

    /**
     * For a sweep of two numeric axes: one table per metric, rows the first axis, columns the second, each cell the
     * mean over its finished trials (seeds) with their standard deviation, shaded from best (dark) to worst.
     */
    static String heatmaps(SweepResults results) {
        List<String> numeric = new ArrayList<>();
        for (String key : results.manifest().keys()) {
            if (!key.equals(MetricPlots.SEED) && results.manifest().trials().stream()
                    .allMatch(t -> t.values().get(key) != null && t.values().get(key).isNumber())) {
                numeric.add(key);
            }
        }
        if (numeric.size() != 2) {
            return "";
        }
        String rowKey = numeric.get(0);
        String columnKey = numeric.get(1);
        List<Double> rowValues = distinct(results, rowKey);
        List<Double> columnValues = distinct(results, columnKey);
        Map<String, String> names = Labels.shortNames(results.manifest().keys());
        StringBuilder html = new StringBuilder("<h2>Heatmaps</h2>\n<p>Mean over the finished trials of each cell (seeds,"
                + " and any other axis) ± their standard deviation; darker is lower.</p>\n<div class=\"plots\">\n");
        for (String metric : results.metricIds()) {
            double[][] mean = new double[rowValues.size()][columnValues.size()];
            double[][] sd = new double[rowValues.size()][columnValues.size()];
            int[][] count = new int[rowValues.size()][columnValues.size()];
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rowValues.size(); r++) {
                for (int c = 0; c < columnValues.size(); c++) {
                    List<Double> values = new ArrayList<>();
                    for (TrialRow row : results.rows()) {
                        Double value = row.metrics().get(metric);
                        if (row.done() && value != null && Double.isFinite(value)
                                && number(row.trial().values().get(rowKey)) == rowValues.get(r)
                                && number(row.trial().values().get(columnKey)) == columnValues.get(c)) {
                            values.add(value);
                        }
                    }
                    count[r][c] = values.size();
                    if (!values.isEmpty()) {
                        double m = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                        double ss = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
                        mean[r][c] = m;
                        sd[r][c] = values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : Double.NaN;
                        min = Math.min(min, m);
                        max = Math.max(max, m);
                    }
                }
            }
            if (min > max) {
                continue;
            }
            html.append("<table class=\"heat\"><caption>").append(HtmlReport.escape(metric)).append("</caption><tr><th>")
                    .append(HtmlReport.escape(names.get(rowKey))).append(" \\ ")
                    .append(HtmlReport.escape(names.get(columnKey))).append("</th>");
            columnValues.forEach(v -> html.append("<th>").append(Labels.value(tools.jackson.databind.node.JsonNodeFactory
                    .instance.numberNode(v))).append("</th>"));
            html.append("</tr>\n");
            for (int r = 0; r < rowValues.size(); r++) {
                html.append("<tr><th>").append(Labels.value(tools.jackson.databind.node.JsonNodeFactory.instance
                        .numberNode(rowValues.get(r)))).append("</th>");
                for (int c = 0; c < columnValues.size(); c++) {
                    if (count[r][c] == 0) {
                        html.append("<td></td>");
                        continue;
                    }
                    double share = max > min ? (mean[r][c] - min) / (max - min) : 0;
                    int light = (int) Math.round(35 + 60 * share);   // lower is darker
                    html.append(String.format(Locale.ROOT, "<td class=\"n\" style=\"background:hsl(220,60%%,%d%%);"
                            + "color:%s\" title=\"%d trials\">%.4g%s</td>", light, light < 60 ? "#fff" : "#223",
                            count[r][c], mean[r][c], Double.isNaN(sd[r][c]) ? ""
                                    : String.format(Locale.ROOT, " ± %.2g", sd[r][c])));
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
        return html.append("</div>\n").toString();
    }

    private static List<Double> distinct(SweepResults results, String key) {
        return results.manifest().trials().stream().map(t -> number(t.values().get(key))).distinct().sorted().toList();
    }

    private static double number(JsonNode node) {
        return node.asDouble();
    }
}
