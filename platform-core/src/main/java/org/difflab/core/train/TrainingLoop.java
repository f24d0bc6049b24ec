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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.difflab.api.DataSource;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.TrainingObjective;
import org.difflab.api.math.Rng;
import org.difflab.api.model.BlockNetwork;
import org.difflab.api.model.Condition;
import org.difflab.api.model.NetworkWeights;
import org.difflab.api.training.ObjectiveRun;
import org.difflab.api.training.TrainingBatch;
import org.difflab.core.model.RunModelSetting;
import org.difflab.core.run.SeedStreams;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.TrainingSpec;

/**
 * The training loop: steps any {@link TrainingObjective} with Adam or AdamW, learning-rate warm-up, global-norm
 * clipping and a weight average, writing checkpoints (the network, the optimizer's moments, the average and the
 * objective's extra networks) that a resumed run continues from, stopping with a clear message when the loss
 * diverges, and showing progress. What one step minimises is entirely the objective's.
 *
 * <p>Every random draw of step k comes from a stream derived from (seed, k): the batch's data from its split 1,
 * the objective's draws from the stream itself and its other splits. With the optimizer's state in the checkpoint,
 * a resumed run reaches bit-identical weights to an uninterrupted one (on CPU with the same thread count).
 */
public final class TrainingLoop {

    private final Experiment experiment;
    private final DataSource data;
    private final RunModelSetting setting;
    private final RunContext context;

    @Inject
    TrainingLoop(Experiment experiment, DataSource data, RunModelSetting setting, RunContext context) {
        this.experiment = experiment;
        this.data = data;
        this.setting = setting;
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

    /**
     * The trained network (averaged weights if an average is kept), the files describing it, and a summary.
     *
     * @param trainedBy the run id of the earlier run that trained the network, if it was reused; else null
     */
    public record Outcome(TrainedNetwork network, Summary summary, String trainedBy) {}

    /**
     * Trains (or resumes training) and returns the network to sample; or, when an earlier run of the same training
     * id stored its network in the results directory and this run is not forced, that network (see
     * {@link TrainedNetworkCache}).
     */
    public Outcome train() {
        if (context.results() == null) {
            return trainHere();
        }
        TrainedNetworkCache cache = new TrainedNetworkCache(context.results());
        String id = experiment.trainingId();
        try (AutoCloseable lock = cache.lock(id, context.log())) {
            Optional<TrainedNetworkCache.Entry> stored = context.force() ? Optional.empty()
                    : cache.find(id, context.log());
            if (stored.isPresent()) {
                return reuse(stored.get());
            }
            Outcome outcome = trainHere();
            cache.store(id, context.directory().file("."), experiment.runId(), outcome.summary());
            return outcome;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored network, its files copied into this run's directory and its loss curve drawn again. */
    private Outcome reuse(TrainedNetworkCache.Entry stored) {
        ModelArchitecture architecture = (ModelArchitecture) experiment.spec().model().create();
        TrainedNetwork trained = TrainedNetwork.initialize(architecture, experiment, setting,
                experiment.spec().training().batchSize());
        try {
            Path weights = stored.file("model.npz");
            NetworkWeights.load(trained.network(), NetworkWeights.read(trained.network().manager(), weights),
                    weights.toString());
            for (String name : TrainedNetworkCache.FILES) {
                java.nio.file.Files.copy(stored.file(name), context.directory().file(name),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            LossCurve.write(context.directory().file("loss.csv"), context.directory().file("loss.png"),
                    LossCurve.read(stored.file("loss.csv")), experiment.spec().experiment() + ": training loss");
        } catch (IOException e) {
            trained.close();
            throw new UncheckedIOException("cannot use the stored network " + stored.directory(), e);
        }
        Summary summary = stored.summary();
        context.log().printf("  training: using the network run %s trained (%d steps, final loss %.5g), which has this"
                + " run's data, process, model and training: %s (--force trains it again)%n", stored.trainedBy(),
                summary.steps(), summary.finalLoss(), stored.directory());
        return new Outcome(trained, summary, stored.trainedBy());
    }

    /** Trains (or resumes training) here. */
    private Outcome trainHere() {
        TrainingSpec spec = experiment.spec().training();
        long seed = experiment.spec().seed();
        PrintStream log = context.log();
        Shape sampleShape = data.sampleShape();
        ModelArchitecture architecture = (ModelArchitecture) experiment.spec().model().create();
        TrainedNetwork trained = TrainedNetwork.initialize(architecture, experiment, setting, spec.batchSize());
        BlockNetwork network = trained.network();
        Map<String, NDArray> weights = network.parameters();
        weights.values().forEach(w -> w.setRequiresGradient(true));
        AdamState adam = new AdamState(spec, weights, network.manager());
        WeightAverage average = spec.emaHalfLife() > 0
                ? new WeightAverage(weights, spec.emaHalfLife(), spec.batchSize(), network.manager()) : null;

        ObjectiveContext objectiveContext = new ObjectiveContext(trained, architecture, setting, spec);
        ObjectiveRun objective = spec.objective().create().start(objectiveContext);

        TrainingCheckpoints checkpoints = new TrainingCheckpoints(context.checkpoints(), trained.description());
        List<double[]> losses = new ArrayList<>();
        int start = restore(checkpoints, network, weights, adam, average, objectiveContext.extras(), losses);

        long parameters = weights.values().stream().mapToLong(w -> w.getShape().size()).sum();
        log.printf("  training %s (%,d parameters%s) with %s for %d steps of %d examples%s ...%n",
                experiment.spec().model().id(), parameters,
                network.classes() > 0 ? ", " + network.classes() + " classes" : "", spec.objective().id(),
                spec.steps(), spec.batchSize(), start > 0 ? ", resuming after step " + start : "");

        long began = System.nanoTime();
        // steps after the first fifth run at the steady rate (allocator, JIT and caches warm)
        int warmUntil = start + Math.max(1, (spec.steps() - start) / 5);
        long warmed = began;
        Progress progress = new Progress(spec, start, log);
        LiveLoss live = new LiveLoss(context.directory().file("loss.csv"), losses, spec.logEvery());
        for (int step = start + 1; step <= spec.steps(); step++) {
            if (step == warmUntil + 1) {
                warmed = System.nanoTime();
            }
            Rng rng = SeedStreams.TRAINING.of(seed).split(step);
            double loss = step(network, weights, adam, average, objective, spec, rng, step);
            if (!Double.isFinite(loss)) {
                progress.close();
                live.close();
                Optional<Path> good = checkpoints.latest();
                throw new TrainingDivergedException("training diverged: the loss is " + loss + " at step " + step
                        + "; " + good.map(p -> "the last good checkpoint is " + p + " (resume with --resume)")
                                .orElse("no checkpoint was written yet")
                        + ". Try a lower learning_rate, warmup_steps, or grad_clip");
            }
            losses.add(new double[] {step, loss});
            live.add(step, loss);
            progress.update(step, loss);
            if (step % spec.checkpointEvery() == 0 || step == spec.steps()) {
                checkpoints.save(new TrainingCheckpoints.State(step, weights, adam.firstMoments(),
                        adam.secondMoments(), average == null ? null : average.averages(),
                        objectiveContext.extraWeights(), losses));
            }
        }
        long ended = System.nanoTime();
        progress.close();
        live.close();
        double seconds = (ended - began) / 1e9;
        int trainedSteps = spec.steps() - start;
        if (average != null) {
            average.averages().forEach((name, value) -> value.copyTo(weights.get(name)));
        }
        weights.values().forEach(w -> w.setRequiresGradient(false));
        objectiveContext.close();
        try {
            trained.save(context.directory().file("model.npz"), context.directory().file("model.yaml"));
            LossCurve.write(context.directory().file("loss.csv"), context.directory().file("loss.png"), losses,
                    experiment.spec().experiment() + ": training loss");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double finalLoss = losses.subList(Math.max(0, losses.size() - Math.max(1, losses.size() / 10)), losses.size())
                .stream().mapToDouble(r -> r[1]).average().orElse(Double.NaN);
        int steady = spec.steps() - warmUntil;
        double steadySeconds = (ended - warmed) / 1e9;
        Summary summary = new Summary(spec.steps(), finalLoss, seconds, trainedSteps / Math.max(seconds, 1e-9),
                steady >= 3 ? steady / steadySeconds : Double.NaN);
        log.printf("  trained in %.1f s (%.1f steps/s), final loss %.5g%n", seconds, summary.stepsPerSecond(),
                finalLoss);
        return new Outcome(trained, summary, null);
    }

    /** One optimizer step; returns the batch loss. */
    private double step(BlockNetwork network, Map<String, NDArray> weights, AdamState adam, WeightAverage average,
            ObjectiveRun objective, TrainingSpec spec, Rng rng, int step) {
        try (NDScope scope = new NDScope()) {
            NDManager manager = network.manager();
            DataSource.Labelled drawn = data.sampleLabelled(manager, spec.batchSize(), rng.split(1));
            NDArray x0 = drawn.x0().toType(DataType.FLOAT32, false);
            Condition condition = drawn.labels() == null ? Condition.NONE : Condition.labels(drawn.labels());
            double value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = objective.loss(new TrainingBatch(step, x0, condition, rng, manager));
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
            objective.afterUpdate(step);
            return value;
        }
    }

    /** Restores the newest checkpoint if resuming; returns the step it ends at (0 when starting fresh). */
    private int restore(TrainingCheckpoints checkpoints, BlockNetwork network, Map<String, NDArray> weights,
            AdamState adam, WeightAverage average, Map<String, BlockNetwork> extras, List<double[]> losses) {
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
        if (!state.extras().keySet().equals(extras.keySet())) {
            throw new IllegalStateException("checkpoint " + latest.get() + " holds extra networks "
                    + state.extras().keySet() + " but the objective keeps " + extras.keySet());
        }
        state.extras().forEach((name, saved) -> copy(saved, extras.get(name).parameters(), latest.get()));
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
