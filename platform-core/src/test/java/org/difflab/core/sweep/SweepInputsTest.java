package org.difflab.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.difflab.api.io.Npy;
import org.difflab.api.math.Rng;
import org.difflab.core.io.FileDigests;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.YamlSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's run ids cover the files its trials read, and expanding a sweep hashes each file once however many
 * trials name it (the digest is cached by path, size and modification time).
 */
class SweepInputsTest {

    private static final String SPEC = """
            experiment: sweep-inputs
            seed: 3
            data: {type: mixture, means: [[-1.0], [1.0]], stds: [0.3, 0.3]}
            process: {type: edm-like, sigma_min: 0.01, sigma_max: 20}
            sampling:
              solver: test-euler
              schedule: {type: rho, steps: 4}
              count: 5000
              initial_noise: z.npy
            evaluation: {plots: false}
            sweep:
              grid: {sampling.schedule.steps: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], sampling.schedule.rho: [3, 5, 7, 9]}
            """;

    @TempDir
    Path dir;

    private final ExperimentLoader loader = new ExperimentLoader(SweepFixtures.registry());

    private List<String> runIds() throws IOException {
        Path spec = Files.writeString(dir.resolve("sweep.yaml"), SPEC);
        return SweepPlan.expand(YamlSpecParser.read(spec), loader).manifest().trials().stream()
                .map(SweepManifest.Trial::runId).toList();
    }

    @Test
    void expandingASweepHashesItsNoiseFileOnceAndItsRunIdsFollowTheFilesContent() throws IOException {
        Path noise = dir.resolve("z.npy");
        Npy.write(noise, new Rng(1).gaussians(5000), new long[] {5000, 1}, false);
        long size = Files.size(noise);

        long before = FileDigests.bytesHashed();
        List<String> first = runIds();
        assertThat(first).hasSize(40).doesNotHaveDuplicates();
        assertThat(FileDigests.bytesHashed() - before).as("40 trials, one file read once").isEqualTo(size);
        assertThat(runIds()).isEqualTo(first);
        assertThat(FileDigests.bytesHashed() - before).as("expanded again: nothing read").isEqualTo(size);

        Npy.write(noise, new Rng(2).gaussians(5000), new long[] {5000, 1}, false);
        List<String> second = runIds();
        assertThat(second).hasSize(40).doesNotContainAnyElementsOf(first);
        assertThat(FileDigests.bytesHashed() - before).isEqualTo(2 * size);
    }
}
