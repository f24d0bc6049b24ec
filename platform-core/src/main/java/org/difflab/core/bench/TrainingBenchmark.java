package org.difflab.core.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.model.BlockNetwork;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.run.IntraOpThreads;
import org.difflab.core.run.OpenMpWaiting;
import org.difflab.core.run.PlatformInfo;
import org.difflab.core.run.RunResult;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.YamlSpecParser;

/**
 * The training step against the matrix product's rate and against PyTorch, in one process run: for each thread
 * setting (one thread, one per core, and the platform's default if it differs) and each round, in turn, the
 * GFLOP/s of a plain float32 matrix product of the step's size, the steps/s of the platform's own training step,
 * and the same step in PyTorch ({@code bench/pytorch_mlp_step.py}, which also times its own matrix product). The
 * ratios of each round (step GFLOP/s / matmul GFLOP/s; difflab steps/s / PyTorch steps/s) are reported as
 * min / median / max, since on a shared machine only figures taken side by side compare.
 *
 * <p>Two matrix-product rates are the references: the issue's, one [batch x width] by [width x width] product
 * (the hidden layers' forward shape, near the core's peak); and the step's own products alone ({@link
 * StepProducts}: every forward and backward product of the step with its shape and layout, including the thin
 * first and last layers'), which says how much of the gap is the products' shapes and how much the rest of the step.
 *
 * <p>The training step is timed through the same code a spec runs (data draws, per-example coefficients,
 * forward, backward, Adam, freeing the step's arrays): the steady rate of one run, after its first fifth.
 * Its FLOPs are those of its matrix products ({@link StepProducts}): 2 B in out for each layer's forward product
 * and its weight gradient, and the same for its input gradient except at the first layer, whose input needs none.
 */
public final class TrainingBenchmark {

    /** What was measured at one thread setting, one value per round. */
    public record Setting(int threads, boolean isDefault, double[] matmulGflops, double[] stepProductsGflops,
            double[] stepsPerSecond, double[] pytorchStepsPerSecond, double[] pytorchMatmulGflops) {}

    /** What was measured. */
    public record Result(List<Setting> settings, long flopsPerStep, double exactThroughput,
            double networkThroughput) {}

    /** Width of the benchmark network's noise embedding. */
    private static final int EMBEDDING = 64;

    private final Injector platform;
    private final PrintStream out;
    private final PytorchScript pytorch;

    /** A benchmark running specs through {@code platform}, reporting on {@code out}, next to {@code pytorch}. */
    public TrainingBenchmark(Injector platform, PrintStream out, PytorchScript pytorch) {
        this.platform = platform;
        this.out = out;
        this.pytorch = pytorch;
    }

    /**
     * Timed steps when none are given: 40 at batch 4096 (the reference figure), and 163,840 examples' worth at
     * smaller batches. A small step is mostly Java and dispatch work, which the JIT compiles over the first few
     * thousand steps: 50 steps at batch 128 measured 165 steps/s where a long run settles at 280.
     */
    public static int defaultSteps(int batch) {
        return Math.max(40, 163_840 / batch);
    }

    /**
     * @param batch examples per step (4096 for the reference figure)
     * @param width MLP width (256)
     * @param depth MLP hidden layers (4)
     * @param steps timed steps (after the warm-up run's)
     * @param rounds rounds per thread setting
     */
    public Result run(int batch, int width, int depth, int steps, int rounds) {
        Engine engine = EngineWarmup.await();
        int cores = Runtime.getRuntime().availableProcessors();
        IntraOpThreads.Choice chosen = IntraOpThreads.forTraining(experiment(batch, width, depth, 1).spec());
        List<Integer> counts = new ArrayList<>(List.of(1));
        if (cores > 1) {
            counts.add(cores);
        }
        if (!counts.contains(chosen.threads())) {
            counts.add(chosen.threads());
        }
        StepProducts products = stepProducts(batch, width, depth);
        long flops = products.flops();
        out.printf(Locale.ROOT, "training step, mlp %dx%d, batch %d, 2-D + 64 embedding, Adam: %.2f GFLOP per step;"
                + " %d rounds, settings in turn within each round, load average %.1f before%n", width, depth, batch,
                flops / 1e9, rounds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.printf("  difflab: %s %s on %s (BLAS: %s), DJL %s, %s; default threads: %d (%s)%n",
                engine.getEngineName(), engine.getVersion(), engine.defaultDevice(), djlBlas(),
                PlatformInfo.djlVersion(), OpenMpWaiting.describe(),
                chosen.threads(), chosen.reason());
        String blas = "";
        if (!pytorch.available()) {
            out.println("  PyTorch: not compared, " + pytorch.whyUnavailable());
        }
        int original = JniUtils.getNumThreads();
        Path scratch = Scratch.directory("difflab-bench");
        try {
            double[][] matmul = new double[counts.size()][rounds];
            double[][] own = new double[counts.size()][rounds];
            double[][] stepRate = new double[counts.size()][rounds];
            double[][] torchRate = new double[counts.size()][rounds];
            double[][] torchMatmul = new double[counts.size()][rounds];
            train(scratch.resolve("warm-up"), batch, width, depth, 10, 1);
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < counts.size(); i++) {
                    int threads = counts.get(i);
                    JniUtils.setNumThreads(threads);
                    double before = matmulGflops(batch, width);
                    double ownBefore = products.gflops(2);
                    // one run: its first fifth warms up, the rest is timed (TrainingLoop's steady rate)
                    RunResult run = train(scratch.resolve("b"), batch, width, depth, steps + steps / 4, threads);
                    stepRate[i][r] = trainingMetric(run, "steady_steps_per_second");
                    // the product's rate on either side of the step's, so both see about the same machine
                    matmul[i][r] = 0.5 * (before + matmulGflops(batch, width));
                    own[i][r] = 0.5 * (ownBefore + products.gflops(2));
                    double stepGflops = flops * stepRate[i][r] / 1e9;
                    String line = String.format(Locale.ROOT, "    round %d, %d %-7s matmul %6.1f GFLOP/s, step's"
                            + " products %6.1f; difflab %6.2f steps/s = %3.0f%% / %3.0f%% of them", r + 1, threads,
                            threads == 1 ? "thread:" : "threads:", matmul[i][r], own[i][r], stepRate[i][r],
                            100 * stepGflops / matmul[i][r], 100 * stepGflops / own[i][r]);
                    if (pytorch.available()) {
                        PytorchScript.Figures theirs = pytorch.run(threads, batch, width, depth, steps);
                        torchRate[i][r] = theirs.stepsPerSecond();
                        torchMatmul[i][r] = theirs.matmulGflops();
                        if (blas.isEmpty()) {
                            blas = theirs.blas();
                            out.printf("  PyTorch: %s %s (BLAS: %s), bench/pytorch_mlp_step.py%n", pytorch.python(),
                                    theirs.torchVersion(), blas);
                        }
                        line += String.format(Locale.ROOT, "; PyTorch %6.2f steps/s (its matmul %6.1f GFLOP/s):"
                                + " difflab %.2fx", torchRate[i][r], torchMatmul[i][r], stepRate[i][r] / torchRate[i][r]);
                    }
                    out.println(line);
                }
            }
            List<Setting> settings = new ArrayList<>();
            for (int i = 0; i < counts.size(); i++) {
                settings.add(new Setting(counts.get(i), counts.get(i) == chosen.threads(), matmul[i], own[i],
                        stepRate[i],
                        pytorch.available() ? torchRate[i] : null, pytorch.available() ? torchMatmul[i] : null));
            }
            report(settings, flops);
            RunResult longRun = train(scratch.resolve("b"), batch, width, depth, steps + steps / 4,
                    chosen.threads());
            double networkThroughput = 10000.0 * longRun.nfe() / longRun.samplingSeconds();
            RunResult exact = exactSampling(scratch.resolve("c"));
            double exactThroughput = 10000.0 * exact.nfe() / exact.samplingSeconds();
            out.printf("  sampling, heun 18 steps (35 NFE), 10000 samples, float64, default threads:%n");
            out.printf("      exact 8-Gaussian denoiser: %,.0f samples x NFE / s%n", exactThroughput);
            out.printf("      the mlp above:             %,.0f samples x NFE / s%n", networkThroughput);
            return new Result(settings, flops, exactThroughput, networkThroughput);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            JniUtils.setNumThreads(original);
            Scratch.delete(scratch);
        }
    }

    /** One row per thread setting: medians of the figures, min-median-max of the per-round ratios. */
    private void report(List<Setting> settings, long flops) {
        out.printf("  %-12s %18s %11s %16s %18s %16s %16s %18s%n", "threads", "matmul GFLOP/s", "steps/s",
                "% of matmul", "step's products", "% of those", "PyTorch steps/s", "difflab / PyTorch");
        for (Setting s : settings) {
            int rounds = s.stepsPerSecond().length;
            double[] roofline = new double[rounds];
            double[] ownRoofline = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                roofline[r] = 100 * flops * s.stepsPerSecond()[r] / 1e9 / s.matmulGflops()[r];
                ownRoofline[r] = 100 * flops * s.stepsPerSecond()[r] / 1e9 / s.stepProductsGflops()[r];
                ratio[r] = s.pytorchStepsPerSecond() == null ? Double.NaN
                        : s.stepsPerSecond()[r] / s.pytorchStepsPerSecond()[r];
            }
            Stats pct = Stats.of(roofline);
            Stats ownPct = Stats.of(ownRoofline);
            Stats ownRate = Stats.of(s.stepProductsGflops());
            String torch = "-";
            String versus = "-";
            if (s.pytorchStepsPerSecond() != null) {
                Stats theirs = Stats.of(s.pytorchStepsPerSecond());
                Stats vs = Stats.of(ratio);
                torch = String.format(Locale.ROOT, "%.2f", theirs.median());
                versus = String.format(Locale.ROOT, "%.2fx (%s)", vs.median(), vs.range());
            }
            out.printf(Locale.ROOT, "  %-12s %18s %11.2f %16s %18s %16s %16s %18s%n",
                    s.threads() + (s.isDefault() ? " (default)" : ""),
                    String.format(Locale.ROOT, "%.1f (%.0f-%.0f)", Stats.of(s.matmulGflops()).median(),
                            Stats.of(s.matmulGflops()).min(), Stats.of(s.matmulGflops()).max()),
                    Stats.of(s.stepsPerSecond()).median(),
                    String.format(Locale.ROOT, "%.0f%% (%.0f-%.0f)", pct.median(), pct.min(), pct.max()),
                    String.format(Locale.ROOT, "%.1f (%.0f-%.0f)", ownRate.median(), ownRate.min(), ownRate.max()),
                    String.format(Locale.ROOT, "%.0f%% (%.0f-%.0f)", ownPct.median(), ownPct.min(), ownPct.max()),
                    torch, versus);
        }
        Setting one = settings.stream().filter(s -> s.threads() == 1).findFirst().orElse(null);
        for (Setting s : settings) {
            if (one != null && s.threads() > 1) {
                out.printf(Locale.ROOT, "  ceiling at %d threads: a one-thread step on each of %d cores, none slowing"
                        + " another, would reach %.0f%% of the %d-thread matmul%n", s.threads(), s.threads(),
                        perfectScalingPercent(flops, Stats.of(one.stepsPerSecond()).median(), s.threads(),
                                Stats.of(s.matmulGflops()).median()), s.threads());
            }
        }
        out.println("  (medians over rounds; in brackets min-max of the per-round figure or ratio. % of matmul:"
                + " step GFLOP/s over the GFLOP/s of one [batch x width] by [width x width] product, the issue's"
                + " reference; % of those: over the GFLOP/s of the step's own products timed alone; both of the same"
                + " round and thread count)");
    }

    /**
     * The percentage of the {@code threads}-thread product's rate that {@code threads} independent one-thread steps
     * would reach together if none slowed another: what perfect scaling of today's one-thread step would give, by
     * intra-op threads or by splitting the batch across threads alike (two one-thread processes at half the batch
     * measured no better than the default, README "Why 60% is out of reach").
     */
    static double perfectScalingPercent(long flopsPerStep, double oneThreadStepsPerSecond, int threads,
            double matmulGflops) {
        return 100 * flopsPerStep * oneThreadStepsPerSecond * threads / 1e9 / matmulGflops;
    }

    /** The BLAS DJL's libtorch reports having (its CPU build links MKL in). */
    private static String djlBlas() {
        var features = JniUtils.getFeatures();
        return features.contains("MKL") ? "MKL, linked into libtorch" : "no MKL (features " + features + ")";
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

    /** Median over 9 rounds of the matrix product's rate (one round's rate varies by tens of percent here). */
    private static double matmulGflops(int rows, int width) {
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
            return Stats.of(rates).median();
        }
    }

    /**
     * The products of a step of the benchmark's network: its dense (2-D) weights in the order the network applies
     * them (the MLP's parameters are listed input layer first).
     */
    private StepProducts stepProducts(int batch, int width, int depth) {
        Experiment experiment = experiment(batch, width, depth, 1);
        ModelArchitecture architecture = (ModelArchitecture) experiment.spec().model().create();
        Shape sampleShape = new Shape(2);
        try (BlockNetwork model = BlockNetwork.initialize(architecture.build(sampleShape, 0), sampleShape, 0, 0,
                batch)) {
            List<long[]> dense = model.parameters().values().stream().filter(w -> w.getShape().dimension() == 2)
                    .map(w -> w.getShape().getShape()).toList();
            // the first layer takes [x, embedding]: its input needs no gradient, so it must come first
            long inputWidth = sampleShape.size() + EMBEDDING;
            if (dense.get(0)[1] != inputWidth) {
                throw new IllegalStateException("the benchmark network's first dense weight is "
                        + java.util.Arrays.toString(dense.get(0)) + ", not the input layer's [" + width + ", "
                        + inputWidth + "]");
            }
            return StepProducts.of(batch, dense);
        }
    }

    /** A training run at {@code threads} intra-op threads (the matrix products around it are timed at the same). */
    private RunResult train(Path where, int batch, int width, int depth, int steps, int threads) {
        return BenchRun.atThreads(threads, platform, experiment(batch, width, depth, steps), where, "train");
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
        return BenchRun.atDefault(platform, experiment, where, "train");
    }

    private Experiment experiment(int batch, int width, int depth, int steps) {
        return platform.getInstance(ExperimentLoader.class).load(
                YamlSpecParser.parse(spec(batch, width, depth, steps), "bench", null));
    }

    /** The spec of the timed training run (tests check that it is a valid spec). */
    public static String spec(int batch, int width, int depth, int steps) {
        return """
                experiment: bench-train
                seed: 1
                data: {type: gmm-ring}
                process: {type: edm}
                model: {type: mlp, width: %d, depth: %d, embedding_dim: %d}
                parameterization: {type: edm}
                preconditioner: {type: edm}
                training: {steps: %d, batch_size: %d, objective: {type: denoising, noise_distribution: log-normal,
                           loss_weighting: edm}, checkpoint_every: 1000000, log_every: 1000000}
                sampling: {solver: heun, schedule: {type: karras, steps: 18}, count: 10000, precision: float64}
                evaluation: {plots: false}
                """.formatted(width, depth, EMBEDDING, steps, batch);
    }
}
