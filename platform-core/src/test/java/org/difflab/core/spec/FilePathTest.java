package org.difflab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.difflab.api.io.Npy;
import org.difflab.core.fixtures.TestComponents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relative file paths: written in a spec file they mean the spec's folder, given with --set the working directory
 * (where the shell user typed them); a missing file's error says what it was resolved against (issue 9, item 8).
 */
class FilePathTest {

    private static final String SPEC = """
            experiment: demo
            seed: 3
            data: {type: mixture, means: [[-2.0], [2.0]], stds: [0.5, 0.5]}
            process: {type: edm-like, sigma_min: 0.002, sigma_max: 80}
            sampling:
              solver: {type: euler}
              schedule: {type: rho, steps: 4}
              count: 10
            evaluation: {metrics: [mean_gap]}
            """;

    private final ExperimentLoader loader = new ExperimentLoader(TestComponents.registry());
    private final Path workingDirectory = Path.of("").toAbsolutePath();

    @TempDir
    Path specFolder;
    @TempDir
    Path elsewhere;

    private Path spec;
    private Path noise;

    @BeforeEach
    void writeFiles() throws IOException {
        spec = specFolder.resolve("spec.yaml");
        Files.writeString(spec, SPEC);
        noise = elsewhere.resolve("z.npy");
        Npy.write(noise, new double[10], new long[] {10, 1}, false);
    }

    private Experiment load(Path file, String... overrides) {
        SpecDocument document = YamlSpecParser.read(file);
        Overrides.apply(document, List.of(overrides));
        return loader.load(document);
    }

    private List<String> problems(Path file, String... overrides) {
        try {
            load(file, overrides);
        } catch (SpecException e) {
            return e.problems().stream().map(SpecProblem::format).toList();
        }
        throw new AssertionError("expected the spec to be rejected");
    }

    @Test
    void aRelativePathGivenWithSetResolvesAgainstTheWorkingDirectory() {
        String relative = workingDirectory.relativize(noise).toString();
        Experiment experiment = load(spec, "sampling.initial_noise=" + relative);
        assertThat(experiment.spec().sampling().initialNoise().path()).isEqualTo(noise);
        // the spelling, not where it was found, goes into the resolved spec
        assertThat(experiment.spec().sampling().initialNoise().spelling()).isEqualTo(relative);

        // so does one in a mapping given whole on the command line
        Experiment whole = load(spec, "sampling={solver: euler, schedule: {type: rho, steps: 4}, count: 10,"
                + " initial_noise: " + relative + "}");
        assertThat(whole.spec().sampling().initialNoise().path()).isEqualTo(noise);
    }

    @Test
    void aRelativePathInTheSpecFileResolvesAgainstItsFolder() throws IOException {
        Npy.write(specFolder.resolve("beside.npy"), new double[10], new long[] {10, 1}, false);
        Files.writeString(spec, SPEC.replace("count: 10", "count: 10\n  initial_noise: beside.npy"));
        assertThat(load(spec).spec().sampling().initialNoise().path()).isEqualTo(specFolder.resolve("beside.npy"));
        // a --set of another key leaves it where it was written
        assertThat(load(spec, "sampling.count=10").spec().sampling().initialNoise().path())
                .isEqualTo(specFolder.resolve("beside.npy"));
    }

    @Test
    void aMissingFileSaysWhatItWasResolvedAgainst() throws IOException {
        assertThat(problems(spec, "sampling.initial_noise=missing/z.npy")).containsExactly(
                "--set sampling.initial_noise=missing/z.npy: sampling.initial_noise: file not found: missing/z.npy"
                        + " (resolved against the working directory " + workingDirectory + ": "
                        + workingDirectory.resolve("missing/z.npy") + "; paths given with --set are relative to the"
                        + " working directory)");

        Files.writeString(spec, SPEC.replace("count: 10", "count: 10\n  initial_noise: missing/z.npy"));
        assertThat(problems(spec)).containsExactly("spec.yaml:9: sampling.initial_noise: file not found: missing/z.npy"
                + " (resolved against the spec's folder " + specFolder + ": " + specFolder.resolve("missing/z.npy")
                + "; paths in a spec file are relative to its folder)");
    }

    @Test
    void initialNoiseWithANonFiniteValueOrCutShortIsRefusedAtValidation() throws IOException {
        double[] draws = new double[10];
        draws[7] = Double.NaN;
        Npy.write(specFolder.resolve("nan.npy"), draws, new long[] {10, 1}, false);
        Files.writeString(spec, SPEC.replace("count: 10", "count: 10\n  initial_noise: nan.npy"));
        assertThat(problems(spec)).containsExactly("spec.yaml:9: sampling.initial_noise: nan.npy holds NaN at element 7"
                + " (sample 7); initial noise must be finite standard-normal draws");

        Npy.write(specFolder.resolve("cut.npy"), new double[10], new long[] {10, 1}, false);
        byte[] whole = Files.readAllBytes(specFolder.resolve("cut.npy"));
        Files.write(specFolder.resolve("cut.npy"), java.util.Arrays.copyOf(whole, whole.length - 12));
        Files.writeString(spec, SPEC.replace("count: 10", "count: 10\n  initial_noise: cut.npy"));
        assertThat(problems(spec)).singleElement().asString().startsWith("spec.yaml:9: sampling.initial_noise: cut.npy:"
                + " truncated");
    }
}
