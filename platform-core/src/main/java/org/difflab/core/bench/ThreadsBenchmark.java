package org.difflab.core.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.run.IntraOpThreads;
import org.difflab.core.run.OpenMpWaiting;
import org.difflab.core.run.RunResult;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.YamlSpecParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * PyTorch's intra-op threads: each workload run with one thread, with one per core, and with the platform's
 * default choice ({@link IntraOpThreads}), in turn within each round, so the three see the same machine. Reported
 * as time per workload and as the ratio to the one-thread run (above 1: faster than one thread). With
 * {@code load > 0}, that many spinning processes share the machine while it runs.
 */
public final class ThreadsBenchmark {

    private static final String SAMPLING = """
            experiment: bench-threads
            seed: 1
            data: {type: gmm-ring}
            process: {type: edm}
            model: {type: exact}
            sampling: {solver: heun, schedule: {type: karras, steps: 18}, count: %d}
            evaluation: {metrics: [], plots: false}
            """;

    private static final String TRAINING = """
            experiment: bench-threads
            seed: 1
            data: {type: gmm-ring}
            process: {type: edm}
            model: {type: mlp, width: 256, depth: 4, embedding_dim: 64}
            parameterization: {type: edm}
            preconditioner: {type: edm}
            training: {steps: %d, batch_size: %d, objective: {type: denoising, noise_distribution: log-normal,
                       loss_weighting: edm}, checkpoint_every: 1000000, log_every: 1000000}
            sampling: {solver: euler, schedule: {type: karras, steps: 1}, count: 10}
            evaluation: {metrics: [], plots: false}
            """;

    /** The specs of the four workloads, in the order they are reported (tests check that each is a valid spec). */
    public static List<String> specs() {
        return List.of(SAMPLING.formatted(100_000), SAMPLING.formatted(1_000),
                TRAINING.formatted(40, 1024), TRAINING.formatted(100, 128));
    }

    /** One workload: a spec, what its figure is, and how to read the figure from a run. */
    private record Workload(String label, String unit, Experiment experiment, boolean higherIsBetter) {}

    private final Injector platform;
    private final PrintStream out;

    /** A benchmark running specs through {@code platform}, reporting on {@code out}. */
    public ThreadsBenchmark(Injector platform, PrintStream out) {
        this.platform = platform;
        this.out = out;
    }

    /** Runs every workload {@code rounds} times per thread setting, with {@code load} spinning processes. */
    public void run(int rounds, int load) {
        EngineWarmup.await();
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> specs = specs();
        List<Workload> workloads = List.of(
                new Workload("sampling, exact ring, 100,000 x 35 NFE", "s", load(specs.get(0)), false),
                new Workload("sampling, exact ring, 1,000 x 35 NFE", "s", load(specs.get(1)), false),
                new Workload("training, mlp 256x4, batch 1024", "steps/s", load(specs.get(2)), true),
                new Workload("training, mlp 256x4, batch 128", "steps/s", load(specs.get(3)), true));
        out.printf(Locale.ROOT, "intra-op threads on %d cores, %s, %s, load average %.1f before:%n",
                cores, OpenMpWaiting.describe(),
                load > 0 ? load + " spinning processes added" : "no load added",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        int original = JniUtils.getNumThreads();
        Path scratch = Scratch.directory("difflab-bench-threads");
        try (BusyLoad busy = load > 0 ? new BusyLoad(load) : null) {
            for (Workload w : workloads) {
                Map<String, IntSupplier> settings = new LinkedHashMap<>();
                settings.put("1 thread", () -> 1);
                settings.put(cores + " threads", () -> cores);
                settings.put("default", () -> (w.higherIsBetter()
                        ? IntraOpThreads.forTraining(w.experiment().spec())
                        : IntraOpThreads.forSampling(w.experiment().spec(), w.experiment().spec().data().create()))
                        .threads());
                measure(w, settings, rounds, scratch);
            }
        } finally {
            JniUtils.setNumThreads(original);
            Scratch.delete(scratch);
        }
    }

    private void measure(Workload w, Map<String, IntSupplier> settings, int rounds, Path scratch) {
        figure(w, scratch, 1);   // warm-up
        Map<String, double[]> values = new LinkedHashMap<>();
        settings.keySet().forEach(k -> values.put(k, new double[rounds]));
        List<String> chosen = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (var setting : settings.entrySet()) {
                int threads = setting.getValue().getAsInt();
                if (setting.getKey().equals("default") && r == 0) {
                    chosen.add(threads + (threads == 1 ? " thread" : " threads"));
                }
                values.get(setting.getKey())[r] = figure(w, scratch, threads);
            }
        }
        out.printf("  %s (default: %s)%n", w.label(), String.join("", chosen));
        double[] single = values.get("1 thread");
        for (var entry : values.entrySet()) {
            double[] v = entry.getValue();
            double[] speedup = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                speedup[r] = w.higherIsBetter() ? v[r] / single[r] : single[r] / v[r];
            }
            Stats stats = Stats.of(v);
            Stats ratio = Stats.of(speedup);
            out.printf(Locale.ROOT, "      %-10s %9.3f %-7s  %5.2fx one thread's speed (rounds %s)%n", entry.getKey(),
                    stats.median(), w.unit(), ratio.median(), ratio.range());
        }
    }

    private double figure(Workload w, Path scratch, int threads) {
        RunResult result = BenchRun.atThreads(threads, platform, w.experiment(), scratch, "threads");
        if (!w.higherIsBetter()) {
            return result.samplingSeconds();
        }
        try {
            var node = JsonMapper.builder().build().readTree(Files.readString(result.directory().resolve("metrics.json")));
            return node.get("training").get("steady_steps_per_second").asDouble();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Experiment load(String spec) {
        return platform.getInstance(ExperimentLoader.class).load(YamlSpecParser.parse(spec, "bench", null));
    }
}
