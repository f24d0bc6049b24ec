package org.difflab.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.difflab.core.sweep.Axis;
import org.difflab.core.sweep.SweepManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The report of a sweep still running (issue 16, item 4): a sortable, filterable table linking each run's files, the
 * trials' loss curves (a running one's read from its staging directory), a heatmap over two numeric axes with the
 * spread over seeds; drawn in the page, nothing downloaded.
 */
class LiveReportTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path out;

    /** steps [5, 10] x lr [0.1, 0.2] x 2 seeds = 8 trials: 5 done, trial 5 running, 6 and 7 pending. */
    private Path sweep() throws IOException {
        List<SweepManifest.Trial> trials = new ArrayList<>();
        for (int steps : new int[] {5, 10}) {
            for (double lr : new double[] {0.1, 0.2}) {
                for (int seed = 0; seed < 2; seed++) {
                    int index = trials.size();
                    Map<String, JsonNode> values = new LinkedHashMap<>();
                    values.put("training.steps", NODES.numberNode(steps));
                    values.put("training.learning_rate", NODES.numberNode(lr));
                    String runId = String.format("%012x", index + 1);
                    trials.add(new SweepManifest.Trial(index, runId, values, seed, 7 + seed, null));
                    Path experiment = out.resolve("live");
                    if (index < 5) {
                        Path run = Files.createDirectories(experiment.resolve(runId));
                        // energy distance: steps/100 + lr + seed/10, so each cell's two seeds differ by 0.1
                        double energy = steps / 100.0 + lr + seed / 10.0;
                        Files.writeString(run.resolve("metrics.json"), "{\"metrics\": {\"energy_distance\": " + energy
                                + "}, \"nfe\": " + steps + "}");
                        Files.writeString(run.resolve("loss.csv"), "step,loss\n1,1.0\n2,0.5\n3,0.25\n");
                    } else if (index == 5) {
                        Path staging = Files.createDirectories(experiment.resolve("." + runId + ".partial.4242.x1"));
                        Files.writeString(staging.resolve("loss.csv"), "step,loss\n1,2.0\n2,1.5\n3,1.");   // mid-line
                    }
                }
            }
        }
        SweepManifest manifest = new SweepManifest("1ive1ive1ive", "live", "live.yaml", NODES.objectNode(),
                List.of(new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("training.steps")),
                        new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("training.learning_rate"))), 2, trials);
        manifest.write(out);
        return manifest.directory(out);
    }

    @Test
    void theTableSortsFiltersAndLinksEachRunsFiles() throws IOException {
        Path sweep = sweep();
        ReportBuilder.Built built = ReportBuilder.build(sweep);
        String html = Files.readString(built.report());
        assertThat(html).contains("<table id=\"summary\"><thead>", "onclick=\"sortBy(this)\"",
                "oninput=\"filterRows(this, 'summary')\"", "function sortBy(th)", "function filterRows(input, id)");
        // a finished run links its directory and the files it has, relative to sweeps/<id>/report.html
        assertThat(html).contains("<a href=\"../../000000000001/\"><code>000000000001</code></a>"
                + "<a class=\"file\" href=\"../../000000000001/metrics.json\">metrics.json</a>"
                + "<a class=\"file\" href=\"../../000000000001/loss.csv\">loss.csv</a>");
        assertThat(sweep.resolve("../../000000000001/metrics.json")).exists();
        // the running trial: its status, and its live loss.csv in the staging directory
        assertThat(html).contains("<tr class=\"running\">", "href=\"../../.000000000006.partial.4242.x1/loss.csv\">"
                + "loss.csv (live)</a>");
        assertThat(sweep.resolve("../../.000000000006.partial.4242.x1/loss.csv")).exists();
        assertThat(html).contains("5 done</b>, 0 failed, 1 running, 2 pending");
        assertThat(HtmlReport.running(built.results())).isEqualTo(1);
        // numeric cells carry their full value to sort by
        assertThat(html).contains("<td class=\"n\" data-v=\"0.15000000000000002\">0.15000</td>",
                "<td class=\"n\" data-v=\"5.0\">5</td>");
        // self-contained: no script, style or image fetched from anywhere
        assertThat(html).doesNotContain("<script src", "<link ", "src=\"http");
    }

    @Test
    void lossCurvesOfFinishedAndRunningTrialsAreDrawnInThePage() throws IOException {
        String html = Files.readString(ReportBuilder.build(sweep()).report());
        assertThat(html).contains("<h2>Training loss</h2>");
        // five finished curves and the running one (its half-written last line skipped), dashed
        assertThat(count(html, "<polyline ")).isEqualTo(6);
        assertThat(count(html, "stroke-dasharray")).isEqualTo(1);
        Matcher running = Pattern.compile("<polyline [^>]*stroke-dasharray[^>]*points=\"([^\"]*)\"").matcher(html);
        assertThat(running.find()).isTrue();
        assertThat(running.group(1).split(" ")).hasSize(2);
        assertThat(html).contains("#5 steps=10 learning_rate=0.1 seed=8 (running)");
    }

    @Test
    void twoNumericAxesGetAHeatmapOfTheMeanOverSeedsWithItsSpread() throws IOException {
        String html = Files.readString(ReportBuilder.build(sweep()).report());
        assertThat(html).contains("<h2>Heatmaps</h2>", "<caption>energy_distance</caption>");
        // steps 5, lr 0.1: seeds give 0.15 and 0.25: mean 0.2, sd 0.1/sqrt(2) = 0.0707
        assertThat(html).contains(">0.2000 ± 0.071</td>");
        // steps 10, lr 0.1: only seed 0 (0.2) is done, so no spread; steps 10, lr 0.2: nothing done, an empty cell
        assertThat(html).contains(">0.2000</td>", "<td></td>");
        Matcher rows = Pattern.compile("<table class=\"heat\">.*?</table>", Pattern.DOTALL).matcher(html);
        assertThat(rows.find()).isTrue();
        assertThat(count(rows.group(), "<tr>")).isEqualTo(3);   // the header and the two step values
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
