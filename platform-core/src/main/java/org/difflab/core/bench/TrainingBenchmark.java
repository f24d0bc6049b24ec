package org.difflab.core.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.model.BlockNetwork;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.run.ExperimentRunner;
import org.difflab.core.run.PlatformInfo;
import org.difflab.core.run.RunResult;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.YamlSpecParser;

/**
 * Measures, in one process on one engine and thread setting: the GFLOP/s of a plain float32 matrix product,
 * the steps/s and GFLOP/s of the platform's own training step for a fixed MLP, and sampling throughput.
 *
 * <p>The training step is timed through the same code a spec runs (data draws, per-example coefficients,
 * forward, backward, Adam, freeing the step's arrays): the steady rate of one run, after its first fifth.
 * Its FLOPs are counted from the network's dense layers: 2 B in out for the forward product and twice that for
 * the backward pass (gradients with respect to inputs and weights), i.e. 6 B sum(in out) per step.
 */
public final class TrainingBenchmark {

    /** What was measured. */
    public record Result(double matmulGflops, double stepsPerSecond, double stepGflops, double exactThroughput,
            double networkThroughput, long flopsPerStep) {}

    private final Injector platform;
    private final PrintStream out;
    private String matmulRange = "";

    /** A benchmark running specs through {@code platform}, reporting on {@code out}. */
    public TrainingBenchmark(Injector platform, PrintStream out) {
        this.platform = platform;
        this.out = out;
    }

    /**
     * @param batch examples per step (4096 for the reference figure)
     * @param width MLP width (256)
     * @param depth MLP hidden layers (4)
     * @param steps timed steps (after the warm-up run's)
     */
    public Result run(int batch, int width, int depth, int steps) {
        Engine engine = EngineWarmup.await();
        out.printf("difflab bench: %s %s on %s, %d intra-op / %d inter-op threads, DJL %s%n", engine.getEngineName(),
                engine.getVersion(), engine.defaultDevice(), PlatformInfo.intraOpThreads(),
                PlatformInfo.interOpThreads(), PlatformInfo.djlVersion());
        double matmul = matmulGflops(batch, width);
        out.printf("  matmul [%d x %d] @ [%d x %d], float32:        %8.1f GFLOP/s (median; %s)%n", batch, width, width,
                width, matmul, matmulRange);

        Path scratch = Scratch.directory("difflab-bench");
        try {
            // one run: its first fifth warms up, the rest is timed (TrainingLoop's steady rate)
            RunResult longRun = train(scratch.resolve("b"), batch, width, depth, steps + steps / 4);
            double stepsPerSecond = trainingMetric(longRun, "steady_steps_per_second");
            long flops = flopsPerStep(batch, width, depth);
            double stepGflops = flops * stepsPerSecond / 1e9;
            out.printf("  training step, mlp %dx%d, batch %d, 2-D + 64 embedding, Adam:%n", width, depth, batch);
            out.printf("      %.2f steps/s, %.1f GFLOP/s (%.2f GFLOP per step) = %.0f%% of the matmul rate%n",
                    stepsPerSecond, stepGflops, flops / 1e9, 100 * stepGflops / matmul);
            double networkThroughput = 10000.0 * longRun.nfe() / longRun.samplingSeconds();
            RunResult exact = exactSampling(scratch.resolve("c"));
            double exactThroughput = 10000.0 * exact.nfe() / exact.samplingSeconds();
            out.printf("  sampling, heun 18 steps (35 NFE), 10000 samples, float64:%n");
            out.printf("      exact 8-Gaussian denoiser: %,.0f samples x NFE / s%n", exactThroughput);
            out.printf("      the mlp above:             %,.0f samples x NFE / s%n", networkThroughput);
            return new Result(matmul, stepsPerSecond, stepGflops, exactThroughput, networkThroughput, flops);
        } finally {
            Scratch.delete(scratch);
        }
    }

    private static double trainingMetric(RunResult result, String name) {
        try {
            String metrics = Files.readString(result.directory().resolve("metrics.json"));
            var node = tools.jackson.databind.json.JsonMapper.builder().build().readTree(metrics);
            return node.get("training").get(name).asDouble();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Median over rounds of the matrix product's rate (one round's rate varies by tens of percent here). */
    private double matmulGflops(int rows, int width) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(rows, width), DataType.FLOAT32);
            NDArray b = manager.randomNormal(new Shape(width, width), DataType.FLOAT32);
            for (int i = 0; i < 20; i++) {
                a.matMul(b).close();
            }
            int rounds = 9;
            int reps = 40;
            double[] rates = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    a.matMul(b).close();
                }
                rates[r] = 2.0 * rows * width * width * reps / ((System.nanoTime() - start) / 1e9) / 1e9;
            }
            java.util.Arrays.sort(rates);
            matmulRange = String.format("rounds %.0f-%.0f", rates[0], rates[rounds - 1]);
            return rates[rounds / 2];
        }
    }

    /** 6 B sum(in x out) over the network's dense (2-D) weights. */
    private long flopsPerStep(int batch, int width, int depth) {
        Experiment experiment = experiment(batch, width, depth, 1);
        ModelArchitecture architecture = (ModelArchitecture) experiment.spec().model().create();
        Shape sampleShape = new Shape(2);
        try (BlockNetwork model = BlockNetwork.initialize(architecture.build(sampleShape, 0), sampleShape, 0, 0,
                batch)) {
            long macs = model.parameters().values().stream().filter(w -> w.getShape().dimension() == 2)
                    .mapToLong(w -> w.getShape().get(0) * w.getShape().get(1)).sum();
            return 6L * batch * macs;
        }
    }

    private RunResult train(Path where, int batch, int width, int depth, int steps) {
        return new ExperimentRunner(platform).run(experiment(batch, width, depth, steps), where, true, false,
                new PrintStream(OutputStream.nullOutputStream()), List.of("difflab", "bench"));
    }

    private RunResult exactSampling(Path where) {
        String spec = """
                experiment: bench-sample
                data: {type: gmm-ring}
                process: {type: edm}
                sampling: {solver: heun, schedule: {type: karras, steps: 18}, count: 10000}
                evaluation: {plots: false}
                """;
        Experiment experiment = platform.getInstance(ExperimentLoader.class)
                .load(YamlSpecParser.parse(spec, "bench", null));
        return new ExperimentRunner(platform).run(experiment, where, true, false,
                new PrintStream(OutputStream.nullOutputStream()), List.of("difflab", "bench"));
    }

    private Experiment experiment(int batch, int width, int depth, int steps) {
        String spec = """
                experiment: bench-train
                seed: 1
                data: {type: gmm-ring}
                process: {type: edm}
                model: {type: mlp, width: %d, depth: %d, embedding_dim: 64}
                parameterization: {type: edm}
                preconditioner: {type: edm}
                training: {steps: %d, batch_size: %d, objective: {type: denoising, noise_distribution: log-normal,
                           loss_weighting: edm}, checkpoint_every: 1000000, log_every: 1000000}
                sampling: {solver: heun, schedule: {type: karras, steps: 18}, count: 10000, precision: float64}
                evaluation: {plots: false}
                """.formatted(width, depth, steps, batch);
        return platform.getInstance(ExperimentLoader.class).load(YamlSpecParser.parse(spec, "bench", null));
    }
}
