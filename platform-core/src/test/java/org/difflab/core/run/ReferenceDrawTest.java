package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.core.sweep.Cli;
import org.difflab.core.sweep.SweepFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An evaluated run draws its reference and its data-vs-data baseline with only as many points as its metrics use
 * ({@code Metric.referencePoints()}), at most the sample count; where that is the sample count, the metrics' values
 * are those of a run that draws them at full size. {@code draw_sizes} reports the sizes of the sets it is given.
 */
class ReferenceDrawTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    Path plugins;

    @BeforeEach
    void setUp() throws IOException {
        plugins = Files.createDirectories(temp.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
    }

    @Test
    void theReferenceAndTheBaselineHoldWhatTheMetricsUse() throws IOException {
        JsonNode metrics = run("bounded", 50, "[{type: draw_sizes, points: 20}]");
        assertThat(metrics.get("metrics").get("draw_sizes").asDouble()).isEqualTo(20);
        assertThat(metrics.get("metrics").get("draw_sizes_samples").asDouble()).isEqualTo(50);
        // the baseline draw stands in for the samples: as large as the reference, not the sample count
        assertThat(metrics.get("data_baseline").get("draw_sizes").asDouble()).isEqualTo(20);
    }

    @Test
    void theLargestUseAmongTheMetricsSetsTheDrawAndTheCountCapsIt() throws IOException {
        JsonNode two = run("largest", 50, "[{type: draw_sizes, points: 20}, {type: draw_sizes_too, points: 35}]");
        assertThat(two.get("metrics").get("draw_sizes").asDouble()).isEqualTo(35);
        assertThat(two.get("metrics").get("draw_sizes_too").asDouble()).isEqualTo(35);
        JsonNode few = run("capped", 10, "[{type: draw_sizes, points: 20}]");
        assertThat(few.get("metrics").get("draw_sizes").asDouble()).isEqualTo(10);
        assertThat(few.get("data_baseline").get("draw_sizes").asDouble()).isEqualTo(10);
    }

    @Test
    void aMetricThatUsesEveryPointGetsFullSizeDrawsAndItsValueIsUnchanged() throws IOException {
        // mean_gap keeps the default (all points): the draws are as large as the samples, whatever the other
        // metrics use, and mean_gap's value and baseline are those of a run with mean_gap alone
        JsonNode both = run("both", 50, "[mean_gap, {type: draw_sizes, points: 5}]");
        JsonNode alone = run("alone", 50, "[mean_gap]");
        assertThat(both.get("metrics").get("draw_sizes").asDouble()).isEqualTo(50);
        assertThat(both.get("metrics").get("mean_gap").asDouble())
                .isEqualTo(alone.get("metrics").get("mean_gap").asDouble());
        assertThat(both.get("data_baseline").get("mean_gap").asDouble())
                .isEqualTo(alone.get("data_baseline").get("mean_gap").asDouble());
    }

    /** metrics.json of a run of {@code count} samples with {@code metrics}. */
    private JsonNode run(String name, int count, String metrics) throws IOException {
        Path spec = Files.writeString(temp.resolve(name + ".yaml"), """
                experiment: %s
                seed: 3
                data: {type: mixture, means: [[-1.0], [1.0]], stds: [0.3, 0.3]}
                process: {type: edm-like, sigma_min: 0.01, sigma_max: 20}
                model: {type: exact}
                parameterization: {type: x0}
                preconditioner: {type: none}
                sampling:
                  solver: {type: test-euler}
                  schedule: {type: rho, steps: 4}
                  count: %d
                evaluation: {metrics: %s, plots: false}
                """.formatted(name, count, metrics));
        Path results = temp.resolve("results-" + name);
        Cli.Result result = Cli.run(plugins, "run", spec.toString(), "--out", results.toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        try (Stream<Path> entries = Files.list(results.resolve(name))) {
            List<Path> runs = entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
            assertThat(runs).hasSize(1);
            return JSON.readTree(Files.readString(runs.get(0).resolve("metrics.json")));
        }
    }
}
