package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.difflab.api.io.Npy;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a trained network's {@code model.npz} is usable outside difflab. {@code examples/load-weights/mlp_denoiser.py}
 * evaluates EDM's D(x; sigma) from the file with numpy alone (the README's documented key mapping); it must give what
 * difflab's own sampler gives. Difflab's side is one Euler step from sigma to 0 on an explicit one-level grid, whose
 * result is exactly D(x; sigma) (x + (0 - sigma)(x - D)/sigma = D), from a given initial noise z, x = sigma z.
 */
class ModelWeightsInteropTest {

    private static final double SIGMA = 1.7;
    private static final String SPEC = """
            experiment: weights
            seed: 5
            data: {type: gmm-ring, components: 8, radius: 2.0, std: 0.2}
            process: {type: edm}
            model: {type: mlp, width: 32, depth: 2, embedding_dim: 16}
            parameterization: {type: edm, sigma_data: 1.43}
            preconditioner: {type: edm, sigma_data: 1.43}
            training: {steps: 40, batch_size: 128, checkpoint_every: 40, log_every: 40}
            sampling: {solver: heun, schedule: {type: karras, steps: 4}, count: 64}
            evaluation: {metrics: [], plots: false}
            """;

    @TempDir
    Path out;

    @Test
    void numpyReadsTheWeightsAndComputesTheSameDenoiser() throws Exception {
        assumeTrue(hasNumpy(), "no python3 with numpy on this machine: the weights' numpy reader is not checked");
        Path spec = out.resolve("weights.yaml");
        Files.writeString(spec, SPEC);
        Cli.Result trained = Cli.run("run", spec.toString(), "--out", out.resolve("trained").toString());
        assertThat(trained.exitCode()).as(trained.toString()).isZero();
        Path run = runDirectory(out.resolve("trained").resolve("weights"));

        int count = 64;
        double[] z = new double[count * 2];
        Rng rng = new Rng(11);
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian();
        }
        Path noise = out.resolve("z.npy");
        Npy.write(noise, z, new long[] {count, 2}, false);
        Cli.Result step = Cli.run("run", spec.toString(), "--out", out.resolve("step").toString(),
                "--set", "model={type: checkpoint, path: " + run + "}", "--set", "training=null",
                "--set", "sampling.solver=euler",
                "--set", "sampling.schedule={type: explicit, noise_levels: [" + SIGMA + "]}",
                "--set", "sampling.initial_noise=" + noise);
        assertThat(step.exitCode()).as(step.toString()).isZero();
        double[] difflab = Npy.read(runDirectory(out.resolve("step").resolve("weights")).resolve("samples.npy"))
                .values();

        double[] x = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            x[i] = SIGMA * z[i];
        }
        Path xFile = out.resolve("x.npy");
        Npy.write(xFile, x, new long[] {count, 2}, false);
        Path numpyOut = out.resolve("d.npy");
        Path script = Path.of(System.getProperty("difflab.root", ".."), "examples", "load-weights", "mlp_denoiser.py")
                .toAbsolutePath().normalize();
        Process process = new ProcessBuilder(List.of("python3", script.toString(), run.toString(),
                xFile.toString(), Double.toString(SIGMA), numpyOut.toString(), "--sigma-data", "1.43"))
                .redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        double[] numpy = Npy.read(numpyOut).values();

        // The network runs in float32 on both sides (different BLAS, summation order): agreement to a few float32
        // ulps of D's magnitude (about 2) is what identical weights and formulas give; a wrong key, embedding order
        // or coefficient moves D by far more than 1e-4.
        assertThat(numpy).hasSameSizeAs(difflab);
        double largest = 0;
        for (int i = 0; i < numpy.length; i++) {
            largest = Math.max(largest, Math.abs(numpy[i] - difflab[i]));
        }
        assertThat(largest).as("max |D_numpy - D_difflab|").isLessThan(1e-4);
    }

    private static boolean hasNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Path runDirectory(Path experiment) throws IOException {
        try (Stream<Path> runs = Files.list(experiment)) {
            return runs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().endsWith(".checkpoints")).findFirst().orElseThrow();
        }
    }
}
