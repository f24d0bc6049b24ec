package org.difflab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.core.fixtures.TestComponents;
import org.difflab.core.fixtures.TrainingFixtures.FlakyMixture;
import org.difflab.core.inject.PlatformModule;
import org.difflab.core.run.ExperimentRunner;
import org.difflab.core.run.RunResult;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.Overrides;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.YamlSpecParser;
import org.difflab.api.model.NetworkWeights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: it learns, it resumes bit-identically, and a diverging loss stops it cleanly. */
class TrainingLoopTest {

    private static final String SPEC = """
            experiment: train
            seed: 5
            data: flaky-mixture
            process: {type: edm-like, sigma_min: 0.002, sigma_max: 80}
            model: {type: tiny-mlp, width: 32}
            parameterization: eps
            training:
              steps: 60
              batch_size: 128
              objective: denoising
              learning_rate: 0.01
              ema_half_life: 500
              checkpoint_every: 20
            sampling:
              solver: euler
              schedule: {type: rho, steps: 10}
              count: 64
            evaluation: {plots: false}
            """;

    private final Injector platform = Guice.createInjector(new PlatformModule(TestComponents.registry()));
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @TempDir
    Path out;

    @AfterEach
    void healData() {
        FlakyMixture.failAtDraw = -1;
        FlakyMixture.nanFromDraw = -1;
    }

    private Experiment experiment(String... overrides) {
        SpecDocument document = YamlSpecParser.parse(SPEC, "train.yaml", Path.of("."));
        Overrides.apply(document, List.of(overrides));
        return platform.getInstance(ExperimentLoader.class).load(document);
    }

    private RunResult run(Path where, boolean resume, String... overrides) {
        return new ExperimentRunner(platform).run(experiment(overrides), where, false, resume,
                new PrintStream(output, true), List.of("test"));
    }

    @Test
    void trainingClosesMostOfTheGapToTheBayesOptimalLoss() throws IOException {
        RunResult result = run(out, false, "training.steps=300");
        List<String> lines = Files.readAllLines(result.directory().resolve("loss.csv"));
        double early = meanLoss(lines.subList(1, 21));
        double late = meanLoss(lines.subList(lines.size() - 50, lines.size()));
        double optimal = bayesOptimalEpsLoss(20000);
        // The exact denoiser's eps-MSE is the floor no network can beat in expectation; a trained net should close
        // most of the gap from its untrained start (the 50-step average has ~1% Monte-Carlo noise).
        assertThat(early - optimal).isGreaterThan(0.2);
        assertThat(late - optimal).isLessThan(0.25 * (early - optimal));
        assertThat(result.directory().resolve("model.npz")).isRegularFile();
        assertThat(result.directory().resolve("loss.png")).isRegularFile();
        assertThat(result.directory().resolve("checkpoints")).isDirectory();
        assertThat(Files.readString(result.directory().resolve("metrics.json"))).contains("\"training\"")
                .contains("\"steps_per_second\"");
    }

    private static double meanLoss(List<String> rows) {
        return rows.stream().mapToDouble(l -> Double.parseDouble(l.split(",")[1])).average().orElseThrow();
    }

    /** E||eps - E[eps | x_t]||^2 under the spec's training distribution, by Monte Carlo with the exact denoiser. */
    private static double bayesOptimalEpsLoss(int n) {
        Rng rng = new Rng(99);
        double[][] x0 = FlakyMixture.MIXTURE.sample(n, rng);
        double total = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < n; i++) {
                double sigma = Math.exp(-1.2 + 1.2 * rng.nextGaussian());
                double eps = rng.nextGaussian();
                double x = x0[i][0] + sigma * eps;
                NDArray denoised = FlakyMixture.MIXTURE.posteriorMean(manager.create(new double[][] {{x}}),
                        new PathPoint(sigma, 1, sigma, 0, 1));
                double epsHat = (x - denoised.getDouble(0, 0)) / sigma;
                total += (eps - epsHat) * (eps - epsHat);
                denoised.close();
            }
        }
        return total / n;
    }

    @Test
    void aResumedRunReachesBitIdenticalWeightsToAnUninterruptedOne() throws IOException {
        Path straight = out.resolve("straight");
        Path interrupted = out.resolve("interrupted");
        RunResult reference = run(straight, false);

        FlakyMixture.failAtDraw = 47;   // dies during step 47, after the checkpoint at step 40
        assertThatThrownBy(() -> run(interrupted, false)).hasMessageContaining("simulated crash");
        String runId = reference.directory().getFileName().toString();
        Path checkpoints = interrupted.resolve("train").resolve(runId + ".checkpoints");
        assertThat(checkpoints.resolve("step-000000040")).isDirectory();
        assertThat(interrupted.resolve("train").resolve(runId)).doesNotExist();

        FlakyMixture.failAtDraw = -1;
        assertThatThrownBy(() -> run(interrupted, false)).isInstanceOf(SpecException.class)
                .hasMessageContaining("pass --resume");
        RunResult resumed = run(interrupted, true);
        assertThat(output.toString()).contains("resuming after step 40");
        assertIdenticalWeights(resumed.directory().resolve("model.npz"), reference.directory().resolve("model.npz"));
        assertThat(Files.readString(resumed.directory().resolve("loss.csv")))
                .isEqualTo(Files.readString(reference.directory().resolve("loss.csv")));
    }

    @Test
    void theSameSeedTrainsTheSameWeightsAndAnotherSeedDoesNot() throws IOException {
        RunResult first = run(out.resolve("a"), false);
        RunResult second = run(out.resolve("b"), false);
        RunResult other = run(out.resolve("c"), false, "seed=6");
        assertIdenticalWeights(second.directory().resolve("model.npz"), first.directory().resolve("model.npz"));
        assertThat(weights(other.directory().resolve("model.npz")))
                .isNotEqualTo(weights(first.directory().resolve("model.npz")));
    }

    /** Every parameter's float32 values, by name (the .npz bytes also hold zip timestamps). */
    private static java.util.Map<String, List<Float>> weights(Path npz) throws IOException {
        java.util.Map<String, List<Float>> out = new java.util.TreeMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NetworkWeights.read(manager, npz).forEach((name, array) -> {
                List<Float> values = new java.util.ArrayList<>();
                for (float v : array.toFloatArray()) {
                    values.add(v);
                }
                out.put(name, values);
            });
        }
        return out;
    }

    private static void assertIdenticalWeights(Path actual, Path expected) throws IOException {
        java.util.Map<String, List<Float>> want = weights(expected);
        assertThat(want).isNotEmpty();
        assertThat(weights(actual)).isEqualTo(want);
    }

    @Test
    void aNonFiniteLossStopsTrainingKeepingTheLastGoodCheckpoint() throws IOException {
        FlakyMixture.nanFromDraw = 30;
        assertThatThrownBy(() -> run(out, false)).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("the loss is NaN at step 30")
                .hasMessageContaining("step-000000020").hasMessageContaining("--resume");
        try (Stream<Path> left = Files.list(out.resolve("train"))) {
            // only the checkpoints survive: no results directory, no staging leftovers
            assertThat(left.map(p -> p.getFileName().toString()).toList()).singleElement().asString()
                    .endsWith(".checkpoints");
        }
    }

    @Test
    void theWeightsAreSavedWithWhatAClassOfCheckpointNeedsToRebuildTheDenoiser() throws IOException {
        RunResult trained = run(out, false);
        String description = Files.readString(trained.directory().resolve("model.yaml"));
        // the resolved components the network was trained with, and its classes
        assertThat(description).contains("model:").contains("type: tiny-mlp").contains("width: 32")
                .contains("parameterization:").contains("type: eps").contains("preconditioner:")
                .contains("process:").contains("type: edm-like").contains("classes: 0");
        try (Stream<Path> steps = Files.list(trained.directory().resolve("checkpoints"))) {
            assertThat(steps.toList()).allSatisfy(step ->
                    assertThat(Files.readString(step.resolve("model.yaml"))).isEqualTo(description));
        }
    }

    @Test
    void networksNeedTrainingAndOtherModelsNone() {
        assertThatThrownBy(() -> experiment("training=null")).isInstanceOf(SpecException.class)
                .hasMessageContaining("model: model 'tiny-mlp' does not apply: this model is a network: give a"
                        + " training: block");
        assertThatThrownBy(() -> experiment("model=exact")).isInstanceOf(SpecException.class)
                .hasMessageContaining("training: model 'exact' is not a network the platform trains");
    }
}
