package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.difflab.api.io.Npy;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact denoiser is exact conditionally too: sampling class c with the exact model reaches that class's
 * mixture, and sampling with labels drawn at the data's class frequencies reaches the whole mixture (the
 * unconditional mixture is the label-weighted average of the conditionals). Energy distances are computed here,
 * independently of the metric plugin.
 */
class ConditionalExactSamplingTest {

    private static final double[][] MEANS = {{-2, 0}, {2, 0}, {0, 2}, {0, -2}};
    private static final double[] STDS = {0.3, 0.4, 0.3, 0.5};
    private static final double[] WEIGHTS = {1, 2, 1, 1};
    private static final int[] CLASSES = {0, 0, 1, 1};
    private static final GaussianMixture MIXTURE = new GaussianMixture(MEANS, STDS, WEIGHTS, CLASSES);
    private static final int COUNT = 1500;

    private static final String SPEC = """
            experiment: conditional
            seed: 4
            data: {type: gmm, means: [[-2, 0], [2, 0], [0, 2], [0, -2]], stds: [0.3, 0.4, 0.3, 0.5],
                   weights: [1, 2, 1, 1], classes: [0, 0, 1, 1]}
            process: {type: edm}
            model: exact
            parameterization: eps
            sampling: {solver: heun, schedule: {type: karras, steps: 32}, count: %d}
            evaluation: {plots: false}
            """.formatted(COUNT);

    @TempDir
    Path out;

    @Test
    void samplingOneClassReachesThatClassAndLabelsAtTheDataFrequenciesReachTheMixture() throws IOException {
        Path spec = out.resolve("conditional.yaml");
        Files.writeString(spec, SPEC);
        for (int c = 0; c < 2; c++) {
            double[][] samples = sample(spec, "[" + c + "]");
            GaussianMixture own = MIXTURE.classMixture(c);
            GaussianMixture other = MIXTURE.classMixture(1 - c);
            double floor = floor(own, 10 + c);
            double toOwn = energy(samples, own.sample(COUNT, new Rng(20 + c)));
            double toOther = energy(samples, other.sample(COUNT, new Rng(30 + c)));
            // at the sampling-noise level of its own class (the floor averages three data-vs-data draws), and far
            // from the other class's data
            assertThat(toOwn).as("class %d: %s vs floor %s", c, toOwn, floor).isLessThan(3 * floor);
            assertThat(toOther).as("class %d vs the other class", c).isGreaterThan(50 * floor);
        }
        double[][] pooled = sample(spec, "data");
        double floor = floor(MIXTURE, 40);
        assertThat(energy(pooled, MIXTURE.sample(COUNT, new Rng(41)))).isLessThan(3 * floor);
    }

    private double[][] sample(Path spec, String labels) throws IOException {
        Path where = out.resolve("runs-" + labels.replaceAll("[^a-z0-9]", ""));
        Cli.Result result = Cli.run("run", spec.toString(), "--out", where.toString(), "--set",
                "sampling.labels=" + labels);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (Stream<Path> runs = Files.list(where.resolve("conditional"))) {
            Path run = runs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .findFirst().orElseThrow();
            double[] values = Npy.read(run.resolve("samples.npy")).values();
            double[][] rows = new double[COUNT][];
            for (int i = 0; i < COUNT; i++) {
                rows[i] = new double[] {values[2 * i], values[2 * i + 1]};
            }
            return rows;
        }
    }

    /** The mean energy distance of three pairs of independent draws: what a perfect sampler scores. */
    private static double floor(GaussianMixture mixture, long seed) {
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            sum += energy(mixture.sample(COUNT, new Rng(seed * 100 + 2 * k)),
                    mixture.sample(COUNT, new Rng(seed * 100 + 2 * k + 1)));
        }
        return sum / 3;
    }

    /** Energy distance 2 E|X - Y| - E|X - X'| - E|Y - Y'| (V-statistics). */
    private static double energy(double[][] x, double[][] y) {
        return 2 * meanDistance(x, y) - meanDistance(x, x) - meanDistance(y, y);
    }

    private static double meanDistance(double[][] a, double[][] b) {
        double sum = 0;
        for (double[] p : a) {
            for (double[] q : b) {
                sum += Math.hypot(p[0] - q[0], p[1] - q[1]);
            }
        }
        return sum / ((double) a.length * b.length);
    }
}
