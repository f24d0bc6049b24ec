package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.difflab.api.io.Npy;
import org.difflab.core.run.SeedStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sampling.save_trajectory: true} end to end: the quickstart (Heun, 18 steps on EDM's process) writes the state
 * at every grid time and each step's x0_hat, in several batches, without changing the samples.
 */
class TrajectoryEndToEndTest {

    private static final Path QUICKSTART = Path.of(System.getProperty("difflab.root"), "experiments", "quickstart.yaml");
    private static final int COUNT = 300;

    @TempDir
    Path out;

    private Path run(String name, String... settings) throws IOException {
        String[] common = {"run", QUICKSTART.toString(), "--out", out.resolve(name).toString(), "--set",
            "sampling.count=" + COUNT, "--set", "evaluation.plots=false", "--set", "evaluation.metrics=[]"};
        String[] args = Arrays.copyOf(common, common.length + settings.length);
        System.arraycopy(settings, 0, args, common.length, settings.length);
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (Stream<Path> runs = Files.list(out.resolve(name).resolve("quickstart"))) {
            return runs.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        }
    }

    private static double[] slice(double[] values, int index, int size) {
        return Arrays.copyOfRange(values, index * size, (index + 1) * size);
    }

    @Test
    void savesEveryStateAndDenoisedOutputWithoutChangingTheSamples() throws IOException {
        Path plain = run("plain");
        Path saved = run("saved", "--set", "sampling.save_trajectory=true", "--set", "sampling.batch_size=128");
        assertThat(plain.resolve("trajectory.npy")).doesNotExist();
        assertThat(Files.readAllBytes(saved.resolve("samples.npy"))).isEqualTo(Files.readAllBytes(plain.resolve(
                "samples.npy")));

        Npy.Array trajectory = Npy.read(saved.resolve("trajectory.npy"));
        Npy.Array denoised = Npy.read(saved.resolve("denoised.npy"));
        Npy.Array times = Npy.read(saved.resolve("trajectory_times.npy"));
        assertThat(trajectory.shape()).containsExactly(19, COUNT, 2);
        assertThat(denoised.shape()).containsExactly(18, COUNT, 2);
        assertThat(times.shape()).containsExactly(19);
        assertThat(times.values()[0]).isEqualTo(80.0);
        assertThat(times.values()[18]).isEqualTo(0.0);

        int size = COUNT * 2;
        // the first state is the prior draw sigma(t_0) z (EDM: sigma = t = 80), the last the samples
        double[] z = SeedStreams.INITIAL_NOISE.of(7).gaussians(size);
        assertThat(slice(trajectory.values(), 0, size)).containsExactly(Arrays.stream(z).map(v -> v * 80).toArray());
        assertThat(slice(trajectory.values(), 18, size)).containsExactly(Npy.read(saved.resolve("samples.npy"))
                .values());
        // Heun's final Euler step from sigma to 0 on EDM's process is x + (0 - sigma)(x - D)/sigma = D: the sample is
        // the last step's x0_hat, to rounding
        double[] last = slice(denoised.values(), 17, size);
        double[] samples = slice(trajectory.values(), 18, size);
        for (int i = 0; i < size; i++) {
            assertThat(samples[i]).isCloseTo(last[i], org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(denoised.values()).doesNotContain(Double.NaN);
    }

    /** A step that evaluates nothing leaves NaN in denoised.npy: pc with neither predictor nor corrector steps. */
    @Test
    void aStepWithoutEvaluationIsNaN() throws IOException {
        Path saved = run("pc", "--set", "sampling.save_trajectory=true", "--set",
                "sampling.solver={type: pc, predictor: none, corrector_steps: 0}");
        Npy.Array trajectory = Npy.read(saved.resolve("trajectory.npy"));
        Npy.Array denoised = Npy.read(saved.resolve("denoised.npy"));
        int size = COUNT * 2;
        for (int i = 0; i < 17; i++) {
            assertThat(slice(denoised.values(), i, size)).containsOnly(Double.NaN);
            assertThat(slice(trajectory.values(), i + 1, size)).containsExactly(slice(trajectory.values(), 0, size));
        }
        // its final step is the denoised sample alpha(0) x0_hat(x, t_17)
        assertThat(slice(trajectory.values(), 18, size)).containsExactly(slice(denoised.values(), 17, size));
    }

    @Test
    void aTrajectoryTooLargeToHoldIsBadInput() throws IOException {
        Cli.Result result = Cli.run("run", QUICKSTART.toString(), "--out", out.resolve("big").toString(), "--set",
                "sampling.count=100000000", "--set", "sampling.save_trajectory=true");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("sampling.save_trajectory: the trajectory of 100000000 samples over 18 steps"
                + " would hold 3800000000 values per file");
        assertThat(out.resolve("big")).doesNotExist();
    }
}
