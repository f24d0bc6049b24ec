package org.difflab.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.LossWeighting;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.core.run.SeedStreams;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.TrainingSpec;

/**
 * Trains a network denoiser, composed from the spec: t from the noise distribution, x_t = alpha x0 + sigma eps
 * from the process, the network fed inputScale(t) x_t and c_noise(t) by the preconditioner, regressing the
 * parameterization's target a x0 + b eps with the loss weighting's per-example weight (EDM section 5 and
 * Table 1; with the edm parameterization and weighting this is EDM's loss, lambda(sigma) c_out^2 ||F - F*||^2).
 *
 * <p>Every random draw of step k comes from a stream derived from (seed, k), and the optimizer's state is in
 * the checkpoint, so a run resumed from a checkpoint reaches bit-identical weights to an uninterrupted one
 * (on CPU with the same thread count).
 */
public final class DenoiserTraining {

    private final Experiment experiment;
    private final DataSource data;
    private final ForwardProcess process;
    private final Parameterization parameterization;
    private final Preconditioner preconditioner;
    private final RunContext context;

    @Inject
    DenoiserTraining(Experiment experiment, DataSource data, ForwardProcess process, Parameterization parameterization,
            Preconditioner preconditioner, RunContext context) {
        this.experiment = experiment;
        this.data = data;
        this.process = process;
        this.parameterization = parameterization;
        this.preconditioner = preconditioner;
        this.context = context;
    }

    /**
     * What training produced besides the model.
     *
     * @param stepsPerSecond over the whole run
     * @param steadyStepsPerSecond after the first fifth of the run's steps (warm-up excluded), NaN if too short
     */
    public record Summary(int steps, double finalLoss, double seconds, double stepsPerSecond,
            double steadyStepsPerSecond) {}

    /** The trained model (averaged weights if an average is kept) and a summary. */
    public record Outcome(NetworkModel model, Summary summary) {}

    /** Trains (or resumes training) and returns the model to sample. */
    public Outcome train() {
        TrainingSpec spec = experiment.spec().training();
        long seed = experiment.spec().seed();
        PrintStream log = context.log();
        Shape sampleShape = data.sampleShape();
        ModelArchitecture architecture = experiment.spec().model().create();
        NetworkModel network = NetworkModel.initialize(architecture.build(sampleShape), sampleShape, preconditioner,
                (int) seed, spec.batchSize());
        Map<String, NDArray> weights = network.parameters();
        weights.values().forEach(w -> w.setRequiresGradient(true));
        AdamState adam = new AdamState(spec, weights, network.manager());
        WeightAverage average = spec.emaHalfLife() > 0
                ? new WeightAverage(weights, spec.emaHalfLife(), spec.batchSize(), network.manager()) : null;

        TrainingCheckpoints checkpoints = new TrainingCheckpoints(context.checkpoints());
        List<double[]> losses = new ArrayList<>();
        int start = restore(checkpoints, network, weights, adam, average, losses);

        NoiseDistribution noise = spec.noiseDistribution().create();
        LossWeighting weighting = spec.lossWeighting().create();
        long parameters = weights.values().stream().mapToLong(w -> w.getShape().size()).sum();
        log.printf("  training %s (%,d parameters) for %d steps of %d examples%s ...%n",
                experiment.spec().model().id(), parameters, spec.steps(), spec.batchSize(),
                start > 0 ? ", resuming after step " + start : "");

        long began = System.nanoTime();
        // steps after the first fifth run at the steady rate (allocator, JIT and caches warm)
        int warmUntil = start + Math.max(1, (spec.steps() - start) / 5);
        long warmed = began;
        Progress progress = new Progress(spec, start, log);
        for (int step = start + 1; step <= spec.steps(); step++) {
            if (step == warmUntil + 1) {
                warmed = System.nanoTime();
            }
            Rng rng = SeedStreams.TRAINING.of(seed).split(step);
            double loss = step(network, weights, adam, average, noise, weighting, spec, rng, step);
            if (!Double.isFinite(loss)) {
                progress.close();
                Optional<Path> good = checkpoints.latest();
                throw new TrainingDivergedException("training diverged: the loss is " + loss + " at step " + step
                        + "; " + good.map(p -> "the last good checkpoint is " + p + " (resume with --resume)")
                                .orElse("no checkpoint was written yet")
                        + ". Try a lower learning_rate, warmup_steps, or grad_clip");
            }
            losses.add(new double[] {step, loss});
            progress.update(step, loss);
            if (step % spec.checkpointEvery() == 0 || step == spec.steps()) {
                checkpoints.save(new TrainingCheckpoints.State(step, weights, adam.firstMoments(),
                        adam.secondMoments(), average == null ? null : average.averages(), losses));
            }
        }
        long ended = System.nanoTime();
        progress.close();
        double seconds = (ended - began) / 1e9;
        int trained = spec.steps() - start;
        if (average != null) {
            average.averages().forEach((name, value) -> value.copyTo(weights.get(name)));
        }
        weights.values().forEach(w -> w.setRequiresGradient(false));
        try {
            network.saveWeights(context.directory().file("model.npz"));
            LossCurve.write(context.directory().file("loss.csv"), context.directory().file("loss.png"), losses,
                    experiment.spec().experiment() + ": training loss");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double finalLoss = losses.subList(Math.max(0, losses.size() - Math.max(1, losses.size() / 10)), losses.size())
                .stream().mapToDouble(r -> r[1]).average().orElse(Double.NaN);
        int steady = spec.steps() - warmUntil;
        double steadySeconds = (ended - warmed) / 1e9;
        Summary summary = new Summary(spec.steps(), finalLoss, seconds, trained / Math.max(seconds, 1e-9),
                steady >= 3 ? steady / steadySeconds : Double.NaN);
        log.printf("  trained in %.1f s (%.1f steps/s), final loss %.5g%n", seconds, summary.stepsPerSecond(),
                finalLoss);
        return new Outcome(network, summary);
    }

    /** One optimizer step; returns the batch loss. */
    private double step(NetworkModel network, Map<String, NDArray> weights, AdamState adam, WeightAverage average,
            NoiseDistribution noise, LossWeighting weighting, TrainingSpec spec, Rng rng, int step) {
        int batch = spec.batchSize();
        float[] alpha = new float[batch];
        float[] sigma = new float[batch];
        float[] a = new float[batch];
        float[] b = new float[batch];
        float[] inputScale = new float[batch];
        float[] noiseInput = new float[batch];
        float[] weight = new float[batch];
        for (int i = 0; i < batch; i++) {
            PathPoint p = PathPoint.of(process, noise.sampleTime(rng, process));
            LinearTarget target = parameterization.target(p);
            alpha[i] = (float) p.alpha();
            sigma[i] = (float) p.sigma();
            a[i] = (float) target.a();
            b[i] = (float) target.b();
            inputScale[i] = (float) preconditioner.inputScale(p);
            noiseInput[i] = (float) preconditioner.noiseInput(p);
            weight[i] = (float) weighting.weight(p, target);
        }
        try (NDScope scope = new NDScope()) {
            NDManager manager = network.manager();
            NDArray x0 = data.sample(manager, batch, rng.split(1)).toType(DataType.FLOAT32, false);
            // per-example coefficients broadcast over the sample's axes: shape [batch, 1, ..., 1]
            Shape column = new Shape(batch).addAll(ones(x0.getShape().dimension() - 1));
            NDArray eps = rng.split(2).normal(manager, x0.getShape(), DataType.FLOAT32);
            NDArray xt = x0.mul(manager.create(alpha, column)).add(eps.mul(manager.create(sigma, column)));
            NDArray input = xt.mul(manager.create(inputScale, column));
            NDArray target = x0.mul(manager.create(a, column)).add(eps.mul(manager.create(b, column)));
            NDArray cNoise = manager.create(noiseInput);
            NDArray weights1d = manager.create(weight);
            double value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray output = network.forward(input, cNoise, true);
                // DJL's PyTorch mean takes one axis: flatten each example, then average its coordinates
                NDArray perExample = output.sub(target).square().reshape(batch, -1).mean(new int[] {1});
                NDArray loss = perExample.mul(weights1d).mean();
                collector.backward(loss);
                value = loss.getFloat();
            }
            if (!Double.isFinite(value)) {
                return value;
            }
            double scale = 1.0;
            if (spec.gradClip() > 0) {
                double squared = 0;
                for (NDArray w : weights.values()) {
                    squared += w.getGradient().square().sum().getFloat();
                }
                double norm = Math.sqrt(squared);
                scale = norm > spec.gradClip() ? spec.gradClip() / norm : 1.0;
            }
            adam.apply(weights, step, scale);
            if (average != null) {
                average.update(weights);
            }
            return value;
        }
    }

    private static Shape ones(int count) {
        long[] dims = new long[count];
        java.util.Arrays.fill(dims, 1);
        return new Shape(dims);
    }

    /** Restores the newest checkpoint if resuming; returns the step it ends at (0 when starting fresh). */
    private int restore(TrainingCheckpoints checkpoints, NetworkModel network, Map<String, NDArray> weights,
            AdamState adam, WeightAverage average, List<double[]> losses) {
        Optional<Path> latest = checkpoints.latest();
        if (latest.isEmpty()) {
            if (context.resume()) {
                context.log().println("  no checkpoint to resume from in " + checkpoints.root() + "; starting at step 0");
            }
            return 0;
        }
        if (!context.resume()) {
            if (context.force()) {
                checkpoints.clear();
                return 0;
            }
            throw new SpecException("run", "", "this run has checkpoints at " + latest.get() + "; pass --resume to"
                    + " continue from them, or --force to start training over");
        }
        TrainingCheckpoints.State state = checkpoints.load(latest.get(), network.manager());
        copy(state.weights(), weights, latest.get());
        copy(state.firstMoments(), adam.firstMoments(), latest.get());
        copy(state.secondMoments(), adam.secondMoments(), latest.get());
        if (average != null && state.averages() != null) {
            copy(state.averages(), average.averages(), latest.get());
        }
        losses.addAll(state.losses());
        return state.step();
    }

    private static void copy(Map<String, NDArray> from, Map<String, NDArray> to, Path source) {
        if (!from.keySet().equals(to.keySet())) {
            throw new IllegalStateException("checkpoint " + source + " does not match this model: it has "
                    + from.keySet() + ", the model has " + to.keySet());
        }
        to.forEach((name, target) -> from.get(name).copyTo(target));
        from.values().forEach(NDArray::close);
    }

    /** A progress bar on a terminal, else a line every log_every steps. */
    private static final class Progress implements AutoCloseable {
        private final TrainingSpec spec;
        private final PrintStream log;
        private final ProgressBar bar;
        private final long started = System.nanoTime();
        private final int first;
        private double smoothed = Double.NaN;

        Progress(TrainingSpec spec, int start, PrintStream log) {
            this.spec = spec;
            this.log = log;
            this.first = start;
            this.bar = System.console() != null && log == System.out
                    ? new ProgressBarBuilder().setTaskName("train").setInitialMax(spec.steps()).startsFrom(start,
                            java.time.Duration.ZERO).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                            .build()
                    : null;
        }

        void update(int step, double loss) {
            smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
            double rate = (step - first) / Math.max((System.nanoTime() - started) / 1e9, 1e-9);
            if (bar != null) {
                bar.stepTo(step);
                bar.setExtraMessage(String.format(" loss %.4g  %.1f steps/s", smoothed, rate));
            } else if (step % spec.logEvery() == 0 || step == spec.steps()) {
                log.printf("    step %d/%d  loss %.5g  %.1f steps/s%n", step, spec.steps(), smoothed, rate);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
