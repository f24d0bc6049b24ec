package org.difflab.core.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.difflab.core.spec.SpecWriter;
import org.difflab.core.sweep.Labels;
import org.difflab.core.sweep.SweepManifest;
import tools.jackson.databind.JsonNode;

/**
 * report.html: one self-contained page (plots inlined as base64 PNG) with the sweep's status, plots, the
 * summary table, failures, the spec and the provenance of its runs — platform, each plugin with its version
 * and jar SHA-256, engine, JVM, and the hosts that ran the trials.
 */
public final class HtmlReport {

    private HtmlReport() {}

    /** The page. */
    public static String html(SweepResults results, MetricPlots.Plots plots) {
        SweepManifest manifest = results.manifest();
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(escape(manifest.experiment())).append(" sweep ").append(manifest.sweepId())
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#223;padding:0 1em}\n")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccd;padding:3px 7px}\n")
                .append("th{background:#eef;position:sticky;top:0}td.n{text-align:right;font-family:monospace}\n")
                .append("tr.failed td{background:#fdd}tr.pending td{color:#889}p.warn{color:#a22}\n")
                .append("pre{background:#f6f6fa;padding:1em;overflow:auto;font-size:12px}img{max-width:100%;border:1px solid #eee}\n")
                .append(".plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:1em}\n")
                .append("th.sort{cursor:pointer}th.sort:hover{background:#dde}tr.running td{color:#357}\n")
                .append("a.file{font-size:11px;margin-left:4px;color:#557}table.heat caption{font-weight:bold}\n")
                .append("</style></head><body>\n");
        page.append("<h1>").append(escape(manifest.experiment())).append(" — sweep <code>")
                .append(manifest.sweepId()).append("</code></h1>\n");
        String description = manifest.baseSpec().path("description").asString("");
        if (!description.isBlank()) {
            page.append("<p>").append(escape(description)).append("</p>\n");
        }
        page.append("<p>").append(manifest.trials().size()).append(" trials (").append(manifest.runCount())
                .append(" distinct runs) from <code>").append(escape(manifest.source())).append("</code>: <b>")
                .append(results.count(TrialRow.DONE)).append(" done</b>, ").append(results.count(TrialRow.FAILED))
                .append(" failed, ").append(running(results)).append(" running, ")
                .append(results.count(TrialRow.PENDING) - running(results)).append(" pending. Swept: ")
                .append(escape(String.join(", ", manifest.keys())))
                .append(manifest.repeat() > 1 ? ", " + manifest.repeat() + " seeds each" : "").append(".</p>\n");

        page.append("<h2>Plots</h2>\n");
        for (MetricPlots.Failure failure : plots.failed()) {
            page.append("<p class=\"warn\">Could not draw <code>").append(escape(failure.file())).append("</code> (")
                    .append(escape(failure.title())).append("): ").append(escape(failure.error()))
                    .append(". The numbers are in the summary table below.</p>\n");
        }
        page.append("<div class=\"plots\">\n");
        for (MetricPlots.Plot plot : plots.drawn()) {
            page.append("<figure><img alt=\"").append(escape(plot.title())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(plot.png())).append("\"><figcaption>plots/")
                    .append(escape(plot.file())).append("</figcaption></figure>\n");
        }
        if (plots.drawn().isEmpty() && plots.failed().isEmpty()) {
            page.append("<p>No finished trials yet.</p>\n");
        }
        page.append("</div>\n");
        page.append(InteractiveParts.heatmaps(results));
        page.append(InteractiveParts.lossCurves(results));

        summaryTable(page, results);
        failures(page, results);

        page.append("<h2>Spec</h2>\n<pre>").append(escape(SpecWriter.yaml(manifest.baseSpec()))).append("</pre>\n");
        provenance(page, results);
        page.append("<p style=\"color:#889\">Rebuild with <code>difflab report DIR</code>. Trial results: "
                + "<code>&lt;out&gt;/").append(escape(manifest.experiment()))
                .append("/&lt;run-id&gt;/</code>; this sweep: <code>sweeps/").append(manifest.sweepId())
                .append("/</code>.</p>\n").append(InteractiveParts.SCRIPT).append("</body></html>\n");
        return page.toString();
    }

    /** Pending trials whose run is being written now (its staging directory exists). */
    public static long running(SweepResults results) {
        Path experiment = results.directory().toAbsolutePath().getParent().getParent();
        return results.rows().stream().filter(r -> r.status().equals(TrialRow.PENDING))
                .filter(r -> LiveRuns.staging(experiment, r.trial().runId()).isPresent()).count();
    }

    private static void summaryTable(StringBuilder page, SweepResults results) {
        SweepManifest manifest = results.manifest();
        Path experiment = results.directory().toAbsolutePath().getParent().getParent();
        Map<String, String> names = Labels.shortNames(manifest.keys());
        page.append("<h2>Summary</h2>\n<p><input size=\"40\" placeholder=\"filter: words every shown row contains\""
                + " oninput=\"filterRows(this, 'summary')\"> Click a column's header to sort by it.</p>\n"
                + "<table id=\"summary\"><thead><tr><th class=\"sort\" onclick=\"sortBy(this)\">#</th>"
                + "<th class=\"sort\" onclick=\"sortBy(this)\">run</th><th class=\"sort\" onclick=\"sortBy(this)\">status</th>");
        manifest.keys().forEach(k -> page.append("<th class=\"sort\" onclick=\"sortBy(this)\" title=\"")
                .append(escape(k)).append("\">").append(escape(names.get(k))).append("</th>"));
        boolean seedColumn = manifest.repeat() > 1 && !manifest.keys().contains("seed");
        List<String> headers = new ArrayList<>();
        if (seedColumn) {
            headers.add("seed");
        }
        results.metricIds().forEach(headers::add);
        results.baselineIds().forEach(m -> headers.add(m + " (data)"));
        headers.addAll(List.of("NFE", "sampling s", "wall s"));
        headers.forEach(h -> page.append("<th class=\"sort\" onclick=\"sortBy(this)\">").append(escape(h))
                .append("</th>"));
        page.append("</tr></thead>\n<tbody>\n");
        for (TrialRow row : results.rows()) {
            SweepManifest.Trial trial = row.trial();
            boolean live = row.status().equals(TrialRow.PENDING)
                    && LiveRuns.staging(experiment, trial.runId()).isPresent();
            String status = live ? "running" : row.status();
            page.append("<tr class=\"").append(status).append("\"><td class=\"n\">").append(trial.index())
                    .append("</td><td>").append(runLinks(experiment, trial.runId(), row.done())).append("</td><td>")
                    .append(status).append(trial.sameRunAs() == null ? "" : " (= #" + trial.sameRunAs() + ")")
                    .append("</td>");
            manifest.keys().forEach(k -> {
                JsonNode value = trial.values().get(k);
                page.append("<td").append(value != null && value.isNumber() ? " data-v=\"" + value.asDouble() + "\"" : "")
                        .append(">").append(escape(Labels.value(value))).append("</td>");
            });
            if (seedColumn) {
                page.append("<td class=\"n\">").append(trial.seed()).append("</td>");
            }
            results.metricIds().forEach(m -> number(page, row.metrics().get(m), format(row.metrics().get(m))));
            results.baselineIds().forEach(m -> number(page, row.dataBaseline().get(m),
                    format(row.dataBaseline().get(m))));
            number(page, row.nfe() == null ? null : row.nfe().doubleValue(), row.nfe() == null ? "" : "" + row.nfe());
            number(page, row.samplingSeconds(), seconds(row.samplingSeconds()));
            number(page, row.wallSeconds(), seconds(row.wallSeconds()));
            page.append("</tr>\n");
        }
        page.append("</tbody></table>\n<p>Full precision: <code>summary.csv</code>. Links lead to each run's directory"
                + " and files (relative to this page).</p>\n");
    }

    /** A numeric cell: the shown text, the full value to sort by. */
    private static void number(StringBuilder page, Double value, String text) {
        page.append("<td class=\"n\"").append(value == null ? "" : " data-v=\"" + value + "\"").append(">")
                .append(text).append("</td>");
    }

    /** The run id linking to its directory, then its files (a running trial's live loss.csv too). */
    private static String runLinks(Path experiment, String runId, boolean done) {
        StringBuilder links = new StringBuilder();
        if (done) {
            links.append("<a href=\"../../").append(runId).append("/\"><code>").append(runId).append("</code></a>");
            for (String file : List.of("metrics.json", "run.json", "spec.yaml", "samples.png", "loss.csv",
                    "model.npz")) {
                if (Files.isRegularFile(experiment.resolve(runId).resolve(file))) {
                    links.append("<a class=\"file\" href=\"../../").append(runId).append('/').append(file)
                            .append("\">").append(file).append("</a>");
                }
            }
            return links.toString();
        }
        links.append("<code>").append(runId).append("</code>");
        LiveRuns.lossFile(experiment, runId).ifPresent(loss -> links.append("<a class=\"file\" href=\"../../")
                .append(loss.getParent().getFileName()).append("/loss.csv\">loss.csv (live)</a>"));
        return links.toString();
    }

    private static void failures(StringBuilder page, SweepResults results) {
        List<TrialRow> failed = results.rows().stream().filter(r -> r.status().equals(TrialRow.FAILED)).toList();
        if (failed.isEmpty()) {
            return;
        }
        page.append("<h2>Failures</h2>\n<ul>\n");
        for (TrialRow row : failed) {
            page.append("<li>#").append(row.trial().index()).append(" (")
                    .append(escape(Labels.describe(row.trial().values(), Labels.shortNames(results.manifest().keys()))))
                    .append("): <code>").append(escape(row.error())).append("</code> — see <code>failures/")
                    .append(row.trial().runId()).append(".json</code></li>\n");
        }
        page.append("</ul>\n");
    }

    private static void provenance(StringBuilder page, SweepResults results) {
        Set<String> platform = new LinkedHashSet<>();
        Map<String, Set<String>> plugins = new TreeMap<>();
        Set<String> engines = new LinkedHashSet<>();
        Set<String> javas = new LinkedHashSet<>();
        Map<String, Integer> hosts = new TreeMap<>();
        String first = null;
        String last = null;
        for (TrialRow row : results.rows()) {
            JsonNode run = row.provenance();
            if (run == null) {
                continue;
            }
            JsonNode revision = run.path("platform").path("source_revision");
            platform.add(run.path("platform").path("version").asString("")
                    + (revision.isString() ? " (source " + revision.asString() + ")" : ""));
            for (JsonNode component : run.path("components")) {
                String key = component.path("plugin").asString("") + " " + component.path("plugin_version").asString("")
                        + (component.has("jar") ? "  " + component.path("jar").asString("") + "  sha256 "
                                + component.path("jar_sha256").asString("") : "");
                plugins.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(component.path("id").asString(""));
            }
            JsonNode engine = run.path("engine");
            engines.add(engine.path("name").asString("") + " " + engine.path("version").asString("") + " (DJL "
                    + engine.path("djl_version").asString("") + ") on " + engine.path("device").asString("")
                    + ", " + engine.path("intra_op_threads").asInt() + " intra-op threads");
            JsonNode java = run.path("java");
            javas.add(java.path("vm").asString("") + " " + java.path("version").asString("") + " ("
                    + java.path("vendor").asString("") + "), " + run.path("os").path("name").asString("") + " "
                    + run.path("os").path("arch").asString(""));
            hosts.merge(run.path("os").path("host").asString("unknown") + " (" + run.path("os").path("processors")
                    .asInt() + " cores)", 1, Integer::sum);
            String started = run.path("started_at").asString("");
            String finished = run.path("finished_at").asString("");
            first = first == null || started.compareTo(first) < 0 ? started : first;
            last = last == null || finished.compareTo(last) > 0 ? finished : last;
        }
        page.append("<h2>Provenance</h2>\n");
        if (platform.isEmpty()) {
            page.append("<p>No finished runs.</p>\n");
            return;
        }
        Map<String, String> items = new LinkedHashMap<>();
        items.put("platform", "difflab " + String.join(", ", platform));
        items.put("engine", String.join("; ", engines));
        items.put("JVM", String.join("; ", javas));
        List<String> hostList = new ArrayList<>();
        hosts.forEach((h, n) -> hostList.add(h + ": " + n + " run" + (n == 1 ? "" : "s")));
        items.put("hosts", String.join("; ", hostList));
        items.put("runs", first + " to " + last);
        page.append("<table>\n");
        items.forEach((k, v) -> page.append("<tr><th>").append(k).append("</th><td>").append(escape(v))
                .append("</td></tr>\n"));
        page.append("</table>\n<h3>Plugins</h3>\n<table><tr><th>plugin, version, jar</th><th>components used</th></tr>\n");
        plugins.forEach((k, ids) -> page.append("<tr><td><code>").append(escape(k)).append("</code></td><td>")
                .append(escape(String.join(", ", ids))).append("</td></tr>\n"));
        page.append("</table>\n<p>Each run's full record: <code>&lt;run-id&gt;/run.json</code>.</p>\n");
    }

    private static String format(Double value) {
        return value == null ? "" : String.format("%.5g", value);
    }

    private static String seconds(Double value) {
        return value == null ? "" : String.format("%.2f", value);
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
