package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run of the real command line (its own JVM, so output that PyTorch's native code writes straight to
 * file descriptor 2 is seen) prints only difflab's own lines; {@code --verbose} shows the engine's warnings
 * (issue 9, item 10). The run copies its weight average into the model at the end, which makes DJL 0.35 / PyTorch
 * 2.7 print a C++ deprecation warning ("AutoNonVariableTypeMode is deprecated").
 */
class EngineNoiseTest {

    /** c10's log line prefix: "[W1202 06:43:16.771167921 LegacyTypeDispatch.h:74] Warning: ...". */
    private static final Pattern NATIVE_WARNING = Pattern.compile("(?m)^\\[W\\d{4} [^\\]]*\\] Warning: ");
    private static final String SPEC = """
            experiment: noise
            seed: 1
            data: {type: gmm-ring, components: 8, radius: 2.0, std: 0.2}
            process: {type: edm}
            model: {type: mlp, width: 16, depth: 2, embedding_dim: 8}
            parameterization: {type: edm, sigma_data: 1.43}
            preconditioner: {type: edm, sigma_data: 1.43}
            training: {steps: 10, batch_size: 32, ema_half_life: 1000, log_every: 5}
            sampling: {solver: euler, schedule: {type: karras, steps: 4}, count: 100}
            evaluation: {metrics: [energy_distance], plots: false}
            """;

    @TempDir
    Path directory;

    @Test
    void aTrainingRunPrintsOnlyDifflabsOwnLinesUnlessVerbose() throws Exception {
        Path spec = directory.resolve("noise.yaml");
        Files.writeString(spec, SPEC);

        Output quiet = difflab("run", spec.toString(), "--out", directory.resolve("quiet").toString());
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).as(quiet.toString()).isEmpty();
        assertThat(quiet.out().lines()).as(quiet.toString()).allMatch(line -> line.startsWith("difflab run noise")
                || line.startsWith("  ") || line.startsWith("results: "));

        Output verbose = difflab("run", spec.toString(), "--out", directory.resolve("verbose").toString(),
                "--verbose");
        assertThat(verbose.exitCode()).as(verbose.toString()).isZero();
        assertThat(NATIVE_WARNING.matcher(verbose.err()).find())
                .as("with --verbose PyTorch's warning is printed (else this test no longer sees the noise it hides)"
                        + "\n%s", verbose).isTrue();
    }

    private record Output(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** bin/difflab's java command, with this build's class path and bundled plugins. */
    private Output difflab(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-Dai.djl.pytorch.num_threads=1",
                "-Ddifflab.plugin.dirs=" + System.getProperty("difflab.plugin.dirs"),
                "-cp", System.getProperty("java.class.path"), "org.difflab.core.cli.Difflab"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(directory, "out", ".txt");
        Path err = Files.createTempFile(directory, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("difflab finished").isTrue();
        return new Output(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
