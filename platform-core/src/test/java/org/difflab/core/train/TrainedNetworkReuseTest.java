package org.difflab.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.difflab.core.fixtures.TestComponents;
import org.difflab.core.inject.PlatformModule;
import org.difflab.core.run.ExperimentRunner;
import org.difflab.core.run.RunResult;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.Overrides;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.YamlSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of a results directory that differ only in how they sample or evaluate train their network once: the later
 * ones use the network the first stored, and sample exactly as if they had trained it themselves.
 */
class TrainedNetworkReuseTest {

    private static final String SPEC = """
            experiment: reuse
            seed: 5
            data: flaky-mixture
            process: {type: edm-like, sigma_min: 0.002, sigma_max: 80}
            model: {type: tiny-mlp, width: 32}
            parameterization: eps
            training:
              steps: 40
              batch_size: 128
              objective: denoising
              learning_rate: 0.01
              checkpoint_every: 20
            sampling:
              solver: euler
              schedule: {type: rho, steps: 10}
              count: 64
            evaluation: {plots: false}
            """;
    private static final Pattern TRAINING = Pattern.compile("training tiny-mlp .* for 40 steps");

    private final Injector platform = Guice.createInjector(new PlatformModule(TestComponents.registry()));
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @TempDir
    Path out;

    private Experiment experiment(String... overrides) {
        SpecDocument document = YamlSpecParser.parse(SPEC, "reuse.yaml", Path.of("."));
        Overrides.apply(document, List.of(overrides));
        return platform.getInstance(ExperimentLoader.class).load(document);
    }

    private RunResult run(Path where, boolean force, String... overrides) {
        return new ExperimentRunner(platform).run(experiment(overrides), where, force, false,
                new PrintStream(output, true), List.of("test"));
    }

    private int trainings() {
        Matcher m = TRAINING.matcher(output.toString());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theTrainingIdIgnoresNamingSamplingAndEvaluationAndNothingElse() {
        String id = experiment().trainingId();
        for (String unused : new String[] {"experiment=other", "description=why", "sampling.count=10",
                "sampling.schedule.steps=3", "sampling.schedule.rho=3", "evaluation.plots=true"}) {
            assertThat(experiment(unused).trainingId()).as(unused).isEqualTo(id);
            assertThat(experiment(unused).runId()).as(unused).isNotEqualTo(experiment().runId());
        }
        for (String used : new String[] {"seed=6", "training.steps=41", "training.learning_rate=0.02",
                "model.width=16", "parameterization=x0", "process.sigma_max=40"}) {
            assertThat(experiment(used).trainingId()).as(used).isNotEqualTo(id);
        }
    }

    @Test
    void aRunDifferingOnlyInSamplingUsesTheStoredNetworkAndSamplesAsIfItHadTrainedIt() throws IOException {
        RunResult first = run(out, false);
        RunResult second = run(out, false, "sampling.schedule.steps=5", "experiment=reuse-5");
        assertThat(trainings()).isEqualTo(1);
        String firstId = first.directory().getFileName().toString();
        assertThat(output.toString()).contains("training: using the network run " + firstId + " trained (40 steps");
        assertThat(Files.readString(second.directory().resolve("metrics.json")))
                .contains("\"network_trained_by_run\" : \"" + firstId + "\"");
        assertThat(second.directory().resolve("loss.png")).isRegularFile();
        assertThat(Files.readString(second.directory().resolve("loss.csv")))
                .isEqualTo(Files.readString(first.directory().resolve("loss.csv")));

        // the same run in a fresh results directory trains; its samples are those of the run that reused
        RunResult alone = run(out.resolve("alone"), false, "sampling.schedule.steps=5", "experiment=reuse-5");
        assertThat(trainings()).isEqualTo(2);
        assertThat(Files.readAllBytes(second.directory().resolve("samples.npy")))
                .isEqualTo(Files.readAllBytes(alone.directory().resolve("samples.npy")));
    }

    @Test
    void forceTrainsAgainAndAChangedTrainingTrainsItsOwn() {
        run(out, false);
        run(out, true, "sampling.count=32");
        assertThat(trainings()).isEqualTo(2);
        run(out, false, "training.learning_rate=0.02");
        assertThat(trainings()).isEqualTo(3);
        run(out, false, "sampling.count=16");
        assertThat(trainings()).isEqualTo(3);
    }

    @Test
    void aDamagedStoredNetworkIsReportedAndTrainedAgain() throws IOException {
        run(out, false);
        Path weights = new TrainedNetworkCache(out).directory(experiment().trainingId()).resolve("model.npz");
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length / 2] ^= 1;
        Files.write(weights, bytes);
        Files.setLastModifiedTime(weights, FileTime.fromMillis(0));
        run(out, false, "sampling.count=32");
        assertThat(output.toString()).contains("is not usable: model.npz does not match its recorded SHA-256;"
                + " training it again");
        assertThat(trainings()).isEqualTo(2);
        run(out, false, "sampling.count=16");   // the entry was stored again, whole
        assertThat(trainings()).isEqualTo(2);
    }

    @Test
    void concurrentRunsOfOneTrainingIdTrainItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<RunResult>> runs = new ArrayList<>();
            for (int count : new int[] {16, 32, 48}) {
                runs.add(pool.submit(() -> run(out, false, "sampling.count=" + count)));
            }
            for (Future<RunResult> run : runs) {
                assertThat(run.get().directory().resolve("samples.npy")).isRegularFile();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(trainings()).isEqualTo(1);
        assertThat(output.toString().split("training: using the network run", -1)).hasSize(3);
    }
}
