package org.difflab.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.difflab.core.sweep.Axis;
import org.difflab.core.sweep.SweepManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A sweep's summary, plots and report are built from what is on disk, and a plot never costs the rest (issue 9,
 * item 6: a sweep over parameterization.type trained every trial, then lost its report to a log-axis bar chart).
 */
class ReportBuilderTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path out;

    /**
     * parameterization.type: [eps, x0, v], 2 seeds; energy distances 0.2 / 2.5 / 0.02 as a training sweep gave
     * (they span two decades), exact NLL negative for one seed.
     */
    private Path categoricalSweep() throws IOException {
        String[] types = {"eps", "x0", "v"};
        double[][] energy = {{0.19, 0.21}, {2.4, 2.6}, {0.02, 0.03}};
        double[][] nll = {{1.9, 2.1}, {-0.5, 0.5}, {1.7, 1.8}};
        List<SweepManifest.Trial> trials = new ArrayList<>();
        for (int t = 0; t < types.length; t++) {
            for (int seed = 0; seed < 2; seed++) {
                int index = trials.size();
                Map<String, JsonNode> values = new LinkedHashMap<>();
                values.put("parameterization.type", NODES.stringNode(types[t]));
                String runId = String.format("%012x", index + 1);
                trials.add(new SweepManifest.Trial(index, runId, values, seed, 7 + seed, null));
                Path run = Files.createDirectories(out.resolve("cat").resolve(runId));
                Files.writeString(run.resolve("metrics.json"), "{\"metrics\": {\"energy_distance\": " + energy[t][seed]
                        + ", \"exact_nll\": " + nll[t][seed] + "}, \"data_baseline\": {\"energy_distance\": 0.0005},"
                        + " \"nfe\": 35, \"sampling_seconds\": 0.1}");
            }
        }
        SweepManifest manifest = new SweepManifest("5eed5eed5eed", "cat", "cat.yaml", NODES.objectNode(),
                List.of(new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("parameterization.type"))), 2, trials);
        manifest.write(out);
        return manifest.directory(out);
    }

    @Test
    void aSweepOverNamedChoicesGetsBarChartsEvenWhenItsValuesSpanDecades() throws IOException {
        Path sweep = categoricalSweep();
        ReportBuilder.Built built = ReportBuilder.build(sweep);
        assertThat(built.plotFailures()).isEmpty();
        assertThat(sweep.resolve("plots/energy_distance-by-parameterization.png")).isRegularFile();
        assertThat(sweep.resolve("plots/exact_nll-by-parameterization.png")).isRegularFile();
        assertThat(Files.readString(sweep.resolve("report.html")))
                .contains("plots/energy_distance-by-parameterization.png").contains("data:image/png;base64,");
        assertThat(Files.readString(sweep.resolve("summary.csv")).lines()).hasSize(7);
    }

    @Test
    void aPlotThatCannotBeDrawnLosesNeitherTheSummaryNorTheReportNorTheOtherPlots() throws IOException {
        Path sweep = categoricalSweep();
        MetricPlots.Renderer failFirst = new MetricPlots.Renderer() {
            private boolean failed;

            @Override
            public byte[] render(Supplier<byte[]> chart) {
                if (!failed) {
                    failed = true;
                    throw new IllegalArgumentException("no room for the legend");
                }
                return chart.get();
            }
        };
        ReportBuilder.Built built = ReportBuilder.build(sweep, failFirst);
        assertThat(built.plotFailures()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("energy_distance-by-parameterization.png");
            assertThat(f.error()).isEqualTo("no room for the legend");
        });
        assertThat(built.plots()).isEqualTo(1);
        assertThat(sweep.resolve("plots/exact_nll-by-parameterization.png")).isRegularFile();
        assertThat(Files.readString(sweep.resolve("summary.csv")).lines()).hasSize(7);
        String report = Files.readString(sweep.resolve("report.html"));
        assertThat(report).contains("Could not draw <code>energy_distance-by-parameterization.png</code>")
                .contains("no room for the legend").contains("<h2>Summary</h2>");
    }

    @Test
    void plotsOfAnEarlierBuildThatAreNotDrawnAgainAreRemoved() throws IOException {
        Path sweep = categoricalSweep();
        Path stale = Files.createDirectories(sweep.resolve("plots")).resolve("energy_distance-vs-steps.png");
        Files.write(stale, new byte[] {1});
        ReportBuilder.build(sweep);
        assertThat(stale).doesNotExist();
        assertThat(sweep.resolve("plots/energy_distance-by-parameterization.png")).isRegularFile();
    }
}
