package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.difflab.core.bench.ThreadsBenchmark;
import org.difflab.core.bench.TrainingBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The specs {@code difflab bench} runs are validated against the bundled plugins like a user's spec: a key that a
 * component no longer accepts (as when the training keys moved into {@code training.objective}) fails here, not on
 * the first researcher's {@code bench threads}.
 */
class BenchSpecsTest {

    @TempDir
    Path dir;

    @Test
    void everyBenchmarkSpecIsAValidSpecOfTheBundledPlugins() throws IOException {
        List<String> specs = new ArrayList<>(ThreadsBenchmark.specs());
        specs.add(TrainingBenchmark.spec(4096, 256, 4, 40));
        for (int i = 0; i < specs.size(); i++) {
            Path file = Files.writeString(dir.resolve("bench-" + i + ".yaml"), specs.get(i));
            Cli.Result result = Cli.run("run", file.toString(), "--print");
            assertThat(result.exitCode()).as("bench spec %d:%n%s%n%s", i, specs.get(i), result).isZero();
        }
    }
}
