package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 6's CI check: an MLP trained for ~15 s on the 8-Gaussian ring with EDM's recipe, sampled with the same
 * sampler, seed and initial noise as the exact denoiser, comes within a stated factor of it.
 *
 * <p>Measured (1 PyTorch thread): 4000 steps of 512 in ~13 s; energy distance 0.00136 against the exact
 * denoiser's 0.00104 (ratio 1.3) and exact NLL 1.838 against 1.767. Training is bit-reproducible on CPU at a
 * fixed thread count, so the bounds below are not at the mercy of run-to-run noise; they leave room for other
 * CPUs' BLAS kernels.
 */
@Tag("slow")   // trains a network for about a minute; -Pquick skips it
class TrainedModelTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SPEC = """
            experiment: trained-vs-exact
            seed: 3
            data: {type: gmm-ring, components: 8, radius: 2.0, std: 0.2}
            process: {type: edm}
            model: {type: mlp, width: 128, depth: 3, embedding_dim: 32}
            parameterization: {type: edm, sigma_data: 1.43}
            preconditioner: {type: edm, sigma_data: 1.43}
            training:
              steps: 4000
              batch_size: 512
              objective: {type: denoising, noise_distribution: log-normal, loss_weighting: {type: edm, sigma_data: 1.43}}
              learning_rate: 0.003
              warmup_steps: 100
              ema_half_life: 50000
              checkpoint_every: 2000
              log_every: 1000
            sampling: {solver: heun, schedule: {type: karras, steps: 18}, count: 10000}
            evaluation: {metrics: [energy_distance, exact_nll]}
            """;

    @TempDir
    Path out;

    @Test
    void theTrainedMlpSamplesWithinTwiceTheExactDenoisersEnergyDistance() throws IOException {
        Path spec = out.resolve("trained.yaml");
        Files.writeString(spec, SPEC);
        Cli.Result trained = Cli.run("run", spec.toString(), "--out", out.resolve("trained").toString());
        assertThat(trained.exitCode()).as(trained.toString()).isZero();
        Cli.Result exact = Cli.run("run", spec.toString(), "--out", out.resolve("exact").toString(),
                "--set", "model=exact", "--set", "training=null");
        assertThat(exact.exitCode()).as(exact.toString()).isZero();

        Path trainedRun = run(out.resolve("trained/trained-vs-exact"));
        JsonNode learned = JSON.readTree(trainedRun.resolve("metrics.json").toFile());
        JsonNode perfect = JSON.readTree(run(out.resolve("exact/trained-vs-exact")).resolve("metrics.json").toFile());
        double learnedEnergy = learned.get("metrics").get("energy_distance").asDouble();
        double exactEnergy = perfect.get("metrics").get("energy_distance").asDouble();
        assertThat(learnedEnergy).as("trained %s vs exact %s", learnedEnergy, exactEnergy).isLessThan(2 * exactEnergy);
        assertThat(learned.get("metrics").get("exact_nll").asDouble())
                .isLessThan(perfect.get("metrics").get("exact_nll").asDouble() + 0.15);
        assertThat(learned.get("training").get("steps").asInt()).isEqualTo(4000);
        for (String file : new String[] {"model.npz", "model.yaml", "loss.csv", "loss.png", "samples.png"}) {
            assertThat(trainedRun.resolve(file)).isRegularFile();
        }
        assertThat(trainedRun.resolve("checkpoints")).isDirectory();

        // a later run samples the trained weights by naming the training run; same samples as the training run
        Cli.Result reloaded = Cli.run("run", spec.toString(), "--out", out.resolve("reloaded").toString(),
                "--set", "training=null", "--set", "model={type: checkpoint, path: " + trainedRun + "}");
        assertThat(reloaded.exitCode()).as(reloaded.toString()).isZero();
        assertThat(Files.readAllBytes(run(out.resolve("reloaded/trained-vs-exact")).resolve("samples.npy")))
                .isEqualTo(Files.readAllBytes(trainedRun.resolve("samples.npy")));
    }

    private static Path run(Path experimentDirectory) throws IOException {
        try (Stream<Path> runs = Files.list(experimentDirectory)) {
            return runs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().endsWith(".checkpoints")).findFirst().orElseThrow();
        }
    }
}
