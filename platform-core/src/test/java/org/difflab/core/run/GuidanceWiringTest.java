package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.difflab.core.fixtures.TestComponents;
import org.difflab.core.inject.PlatformModule;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.Overrides;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.YamlSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guidance sits between the model and the solver, and every model evaluation it makes is counted as NFE. */
class GuidanceWiringTest {

    private static final String SPEC = """
            experiment: guided
            seed: 2
            data: {type: mixture, means: [[-2.0], [2.0]], stds: [0.5, 0.5]}
            process: {type: edm-like}
            sampling: {solver: euler, schedule: {type: rho, steps: 7}, count: 50}
            evaluation: {plots: false}
            """;

    private final Injector platform = Guice.createInjector(new PlatformModule(TestComponents.registry()));

    @TempDir
    Path out;

    private RunResult run(String... overrides) {
        SpecDocument document = YamlSpecParser.parse(SPEC, "guided.yaml", null);
        Overrides.apply(document, List.of(overrides));
        Experiment experiment = platform.getInstance(ExperimentLoader.class).load(document);
        return new ExperimentRunner(platform).run(experiment, out, false, new PrintStream(new ByteArrayOutputStream()),
                List.of("test"));
    }

    @Test
    void guidanceEvaluatingTheModelTwiceCostsTwiceTheNfeAndChangesNothingElse() throws IOException {
        RunResult plain = run();
        RunResult doubled = run("sampling.guidance=doubled");
        // Euler on 7 steps: 7 solver calls; the doubled guidance makes two model evaluations for each
        assertThat(plain.nfe()).isEqualTo(7);
        assertThat(doubled.nfe()).isEqualTo(14);
        assertThat(Files.readAllBytes(doubled.directory().resolve("samples.npy")))
                .isEqualTo(Files.readAllBytes(plain.directory().resolve("samples.npy")));
    }
}
