package org.difflab.core.bench;

import com.google.inject.Injector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.difflab.api.ClosedFormData;
import org.difflab.api.io.Npy;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.difflab.core.run.RunResult;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.YamlSpecParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exact-denoiser sampling against a plain numpy script doing the same computation ({@code bench/exact_sampling.py}:
 * EDM process, Heun on the 18-step Karras schedule, 35 NFE), on the same initial noise. Each round runs the spec
 * twice through {@code difflab run}'s code (each run's sampling time, as printed by a run) and then the script once
 * (its second pass, after one warm-up pass in the same process). The headline ratio numpy / difflab takes difflab's
 * second run, which like the script's timed pass follows a pass of its own; the first, right after the numpy
 * process, is reported beside it (at 1,000 samples, where a run is a few milliseconds, the caches that process
 * evicted show). Ratios are min / median / max over rounds, with the largest difference between the two sets of
 * samples.
 */
public final class SamplingBenchmark {

    /** One configuration: data spec, its dimension, sample count and precision. */
    public record Case(String label, String data, int count, String precision) {}

    /** The cases of issue 18: the 2-D ring of 8 and a 16-D mixture of 5, 100,000 and 1,000 samples. */
    public static final List<Case> DEFAULT_CASES = List.of(
            new Case("ring 2-D, K=8", "{type: gmm-ring}", 100_000, "float64"),
            new Case("ring 2-D, K=8", "{type: gmm-ring}", 100_000, "float32"),
            new Case("random 16-D, K=5", "{type: gmm-random, dims: 16, components: 5}", 100_000, "float64"),
            new Case("random 16-D, K=5", "{type: gmm-random, dims: 16, components: 5}", 100_000, "float32"),
            new Case("ring 2-D, K=8", "{type: gmm-ring}", 1_000, "float64"));

    /**
     * What one case measured: per round, difflab's run timed after a run of its own, the run before it (right after
     * the numpy process), and numpy's pass; and the samples' largest difference.
     */
    public record Outcome(Case item, double[] difflabSeconds, double[] afterNumpySeconds, double[] numpySeconds,
            double maxDifference) {}

    private final Injector platform;
    private final PrintStream out;
    private final NumpyScript numpy;

    /** A benchmark running specs through {@code platform}, reporting on {@code out}. */
    public SamplingBenchmark(Injector platform, PrintStream out, NumpyScript numpy) {
        this.platform = platform;
        this.out = out;
        this.numpy = numpy;
    }

    /** Runs every case for {@code rounds} rounds; without numpy, only difflab's side is timed. */
    public List<Outcome> run(List<Case> cases, int rounds) {
        out.printf("exact-denoiser sampling, heun on karras (18 steps, 35 NFE), edm process: difflab run's sampling"
                + " time against %s%n", numpy.available() ? "bench/exact_sampling.py (" + numpy.describe() + ")"
                : "nothing: " + numpy.whyUnavailable());
        List<Outcome> outcomes = new ArrayList<>();
        for (Case item : cases) {
            Outcome outcome = measure(item, rounds);
            outcomes.add(outcome);
            report(outcome);
        }
        return outcomes;
    }

    private Outcome measure(Case item, int rounds) {
        Path scratch = Scratch.directory("difflab-bench-sampling");
        try {
            Experiment experiment = experiment(item, scratch, false);
            GaussianMixture mixture = (GaussianMixture) experiment.spec().data().create().closedForm()
                    .map(ClosedFormData.class::cast).orElseThrow();
            int dims = mixture.dims();
            Path noise = scratch.resolve("z.npy");
            Path mixtureFile = scratch.resolve("mixture.json");
            Npy.write(noise, new Rng(1).gaussians(item.count() * dims), new long[] {item.count(), dims}, false);
            Files.writeString(mixtureFile, JsonMapper.builder().build().writeValueAsString(java.util.Map.of(
                    "means", mixture.means(), "stds", mixture.stds(), "weights", mixture.weights())));
            Experiment withNoise = experiment(item, scratch, true);
            sample(withNoise, scratch);   // warm-up: JIT, engine, allocator
            double[] difflab = new double[rounds];
            double[] afterNumpy = new double[rounds];
            double[] reference = new double[rounds];
            RunResult last = null;
            Path numpySamples = scratch.resolve("numpy.npy");
            for (int r = 0; r < rounds; r++) {
                // the script times its second pass, after a warm-up pass in its process; difflab's timed run likewise
                // follows a run of its own, itself timed too: it comes right after the numpy process, whose start
                // and work have evicted difflab's code and data from the caches
                afterNumpy[r] = sample(withNoise, scratch).samplingSeconds();
                last = sample(withNoise, scratch);
                difflab[r] = last.samplingSeconds();
                if (numpy.available()) {
                    reference[r] = numpy.time(mixtureFile, noise, item.precision(), r == rounds - 1 ? numpySamples : null);
                }
            }
            double difference = Double.NaN;
            if (numpy.available()) {
                double[] ours = Npy.read(last.directory().resolve("samples.npy")).values();
                double[] theirs = Npy.read(numpySamples).values();
                difference = 0;
                for (int i = 0; i < ours.length; i++) {
                    difference = Math.max(difference, Math.abs(ours[i] - theirs[i]));
                }
            }
            return new Outcome(item, difflab, afterNumpy, numpy.available() ? reference : null, difference);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Scratch.delete(scratch);
        }
    }

    private void report(Outcome o) {
        Case item = o.item();
        String what = String.format(Locale.ROOT, "  %-17s %,8d samples, %s:", item.label(), item.count(),
                item.precision());
        Stats ours = Stats.of(o.difflabSeconds());
        if (o.numpySeconds() == null) {
            out.printf(Locale.ROOT, "%s difflab %.3f s (median of %d)%n", what, ours.median(), ours.count());
            return;
        }
        double[] ratios = new double[o.difflabSeconds().length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = o.numpySeconds()[i] / o.difflabSeconds()[i];
        }
        Stats ratio = Stats.of(ratios);
        double[] coldRatios = new double[ratios.length];
        for (int i = 0; i < ratios.length; i++) {
            coldRatios[i] = o.numpySeconds()[i] / o.afterNumpySeconds()[i];
        }
        Stats cold = Stats.of(coldRatios);
        out.printf(Locale.ROOT, "%s difflab %.4f s, numpy %.4f s: %.2fx faster (rounds %s); samples agree to %.1e%n"
                + "  %36s difflab's run right after the numpy process: %.4f s, %.2fx (rounds %s)%n", what,
                ours.median(), Stats.of(o.numpySeconds()).median(), ratio.median(), ratio.range(), o.maxDifference(),
                "", Stats.of(o.afterNumpySeconds()).median(), cold.median(), cold.range());
    }

    private RunResult sample(Experiment experiment, Path scratch) {
        return BenchRun.atDefault(platform, experiment, scratch.resolve("runs"), "sampling");
    }

    private Experiment experiment(Case item, Path scratch, boolean withNoise) {
        String spec = """
                experiment: bench-sampling
                seed: 1
                data: %s
                process: {type: edm}
                model: {type: exact}
                sampling: {solver: heun, schedule: {type: karras, steps: 18}, count: %d, precision: %s%s}
                evaluation: {metrics: [], plots: false}
                """.formatted(item.data(), item.count(), item.precision(), withNoise ? ", initial_noise: z.npy" : "");
        return platform.getInstance(ExperimentLoader.class).load(YamlSpecParser.parse(spec, "bench", scratch));
    }
}
