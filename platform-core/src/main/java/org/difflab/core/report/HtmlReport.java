package org.difflab.core.report;

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
                .append(" failed, ").append(results.count(TrialRow.PENDING)).append(" pending. Swept: ")
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

        summaryTable(page, results);
        failures(page, results);

        page.append("<h2>Spec</h2>\n<pre>").append(escape(SpecWriter.yaml(manifest.baseSpec()))).append("</pre>\n");
        provenance(page, results);
        page.append("<p style=\"color:#889\">Rebuild with <code>difflab report DIR</code>. Trial results: "
                + "<code>&lt;out&gt;/").append(escape(manifest.experiment()))
                .append("/&lt;run-id&gt;/</code>; this sweep: <code>sweeps/").append(manifest.sweepId())
                .append("/</code>.</p>\n</body></html>\n");
        return page.toString();
    }

    private static void summaryTable(StringBuilder page, SweepResults results) {
        SweepManifest manifest = results.manifest();
        Map<String, String> names = Labels.shortNames(manifest.keys());
        page.append("<h2>Summary</h2>\n<table><tr><th>#</th><th>run</th><th>status</th>");
        manifest.keys().forEach(k -> page.append("<th title=\"").append(escape(k)).append("\">")
                .append(escape(names.get(k))).append("</th>"));
        boolean seedColumn = manifest.repeat() > 1 && !manifest.keys().contains("seed");
        if (seedColumn) {
            page.append("<th>seed</th>");
        }
        results.metricIds().forEach(m -> page.append("<th>").append(escape(m)).append("</th>"));
        results.baselineIds().forEach(m -> page.append("<th>").append(escape(m)).append(" (data)</th>"));
        page.append("<th>NFE</th><th>sampling s</th><th>wall s</th></tr>\n");
        for (TrialRow row : results.rows()) {
            SweepManifest.Trial trial = row.trial();
            page.append("<tr class=\"").append(row.status()).append("\"><td class=\"n\">").append(trial.index())
                    .append("</td><td><code>").append(trial.runId()).append("</code></td><td>").append(row.status())
                    .append(trial.sameRunAs() == null ? "" : " (= #" + trial.sameRunAs() + ")").append("</td>");
            manifest.keys().forEach(k -> page.append("<td>").append(escape(Labels.value(trial.values().get(k))))
                    .append("</td>"));
            if (seedColumn) {
                page.append("<td class=\"n\">").append(trial.seed()).append("</td>");
            }
            results.metricIds().forEach(m -> page.append("<td class=\"n\">").append(format(row.metrics().get(m)))
                    .append("</td>"));
            results.baselineIds().forEach(m -> page.append("<td class=\"n\">").append(format(row.dataBaseline().get(m)))
                    .append("</td>"));
            page.append("<td class=\"n\">").append(row.nfe() == null ? "" : row.nfe()).append("</td><td class=\"n\">")
                    .append(seconds(row.samplingSeconds())).append("</td><td class=\"n\">")
                    .append(seconds(row.wallSeconds())).append("</td></tr>\n");
        }
        page.append("</table>\n<p>Full precision: <code>summary.csv</code>.</p>\n");
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
