package org.difflab.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.difflab.core.sweep.SweepManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs made one by one are gathered into an all-runs report whose axes are the choices that were varied (issue 9,
 * item 9: four trained runs and one sampling a checkpoint gave a bar chart over batch_size, with every training
 * option as an axis because the checkpoint run has no training section).
 */
class LooseRunsTest {

    @TempDir
    Path out;

    private void run(String id, String training, String checkpoint, double energy, String started) throws IOException {
        Path run = Files.createDirectories(out.resolve("train").resolve(id));
        Files.writeString(run.resolve("spec.yaml"), "experiment: train\nseed: 1\nmodel: {type: mlp, width: 64}\n"
                + (training == null ? "training: null\n" : "training: " + training + "\n")
                + (checkpoint == null ? "" : "checkpoint: " + checkpoint + "\n"));
        Files.writeString(run.resolve("run.json"), "{\"started_at\": \"" + started + "\", \"finished_at\": \""
                + started + "\"}");
        Files.writeString(run.resolve("metrics.json"), "{\"metrics\": {\"energy_distance\": " + energy
                + "}, \"nfe\": 35}");
    }

    @Test
    void theAxesAreTheVariedChoicesAndANumericOneIsPlottedAgainst() throws IOException {
        String options = "{steps: 400, beta1: 0.9, ema_half_life: 0, batch_size: %d, learning_rate: %s}";
        run("000000000001", options.formatted(256, "0.002"), null, 0.034, "2025-01-01T00:00:01Z");
        run("000000000002", options.formatted(64, "0.002"), null, 0.041, "2025-01-01T00:00:02Z");
        run("000000000003", options.formatted(512, "0.002"), null, 0.032, "2025-01-01T00:00:03Z");
        run("000000000004", options.formatted(256, "0.005"), null, 0.043, "2025-01-01T00:00:04Z");
        run("000000000005", null, "results/train/000000000001/model.npz", 0.034, "2025-01-01T00:00:05Z");

        Path sweep = LooseRuns.gather(out.resolve("train")).orElseThrow();
        SweepManifest manifest = SweepManifest.read(sweep.resolve(SweepManifest.FILE));
        // training.steps, beta1 and ema_half_life differ only in that the checkpoint run has no training section
        assertThat(manifest.keys()).containsExactly("training.batch_size", "training.learning_rate", "checkpoint");

        MetricPlots.Plots plots = MetricPlots.of(SweepResults.load(sweep));
        assertThat(plots.failed()).isEmpty();
        assertThat(plots.drawn()).extracting(MetricPlots.Plot::file).containsExactly(
                "energy_distance-vs-batch_size.png", "energy_distance-vs-learning_rate.png");
    }
}
