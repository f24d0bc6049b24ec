package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Points;
import org.difflab.api.TimestepSchedule;
import org.difflab.api.io.Npy;
import org.difflab.core.plot.HistogramOverDensity;
import org.difflab.core.plot.ImageGrid;
import org.difflab.core.plot.ScatterOverDensity;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentSpec;
import org.difflab.core.spec.SampleLabels;
import org.difflab.api.model.LoadedModel;
import org.difflab.core.spec.SpecWriter;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One sampling run: draw the samples, evaluate them against fresh data draws, and write samples.npy,
 * metrics.json and samples.png into the run's (staging) directory; with sampling.save_trajectory also
 * trajectory.npy, denoised.npy and trajectory_times.npy.
 */
public final class SamplingRun {

    private final Experiment experiment;
    private final DataSource data;
    private final ForwardProcess process;
    private final TimestepSchedule schedule;
    private final Sampler sampler;
    private final LoadedModel model;
    private final RunNotes notes;

    @Inject
    SamplingRun(Experiment experiment, DataSource data, ForwardProcess process, TimestepSchedule schedule,
            Sampler sampler, LoadedModel model, RunNotes notes) {
        this.experiment = experiment;
        this.data = data;
        this.process = process;
        this.schedule = schedule;
        this.sampler = sampler;
        this.model = model;
        this.notes = notes;
    }

    /** Runs into {@code directory}, reporting progress on {@code log}; returns the values for run.json. */
    public RunResult execute(RunDirectory directory, Timings timings, PrintStream log, Map<String, Object> results) {
        ExperimentSpec spec = experiment.spec();
        var sampling = spec.sampling();
        Shape sampleShape = data.sampleShape();
        int dims = Math.toIntExact(sampleShape.size());
        double[] times = schedule.times(process);
        double[] fromFile = sampling.initialNoise() != null ? Npy.read(sampling.initialNoise().path()).values() : null;
        Sampler.InitialNoise noise = fromFile != null ? Sampler.InitialNoise.from(fromFile)
                : Sampler.InitialNoise.from(SeedStreams.INITIAL_NOISE.of(spec.seed()));
        int[] labels = SampleLabels.parse(sampling.labels()).assign(sampling.count(), data.classes(),
                data.classWeights().orElse(null), SeedStreams.LABELS.of(spec.seed()));

        try (NDManager manager = NDManager.newBaseManager()) {
            log.printf("  sampling %d samples: %s on %s (%d steps), %s ...%n", sampling.count(),
                    sampling.solver().id(), sampling.schedule().id(), times.length - 1,
                    sampling.precision().name().toLowerCase());
            long start = System.nanoTime();
            int batch = SamplingBatch.rows(spec, data);
            results.put("sampling_batch_size", batch);
            Trajectory trajectory = sampling.saveTrajectory() ? new Trajectory(times.length - 1, sampling.count(), dims)
                    : null;
            // several batches: a bar with rate and ETA on a terminal, else a line per batch
            boolean bar = batch < sampling.count() && System.console() != null && log == System.out;
            me.tongfei.progressbar.ProgressBar progress = bar ? new me.tongfei.progressbar.ProgressBarBuilder()
                    .setTaskName("sample").setInitialMax(sampling.count()).setUnit(" samples", 1).showSpeed()
                    .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build() : null;
            Samples samples;
            try {
                samples = sampler.sample(manager, times, noise, labels, sampleShape, sampling.count(), batch,
                        sampling.precision().dataType(), SeedStreams.SOLVER.of(spec.seed()), trajectory, done -> {
                            if (progress != null) {
                                progress.stepTo(done);
                            } else if (done < sampling.count()) {
                                log.printf("    %d / %d%n", done, sampling.count());
                            }
                        });
            } finally {
                if (progress != null) {
                    progress.close();
                }
            }
            double samplingSeconds = timings.since("sampling", start);
            log.printf("  done in %.2f s, %d NFE%n", samplingSeconds, samples.nfe());
            results.put("nfe", samples.nfe());

            boolean float32 = sampling.precision() == org.difflab.core.spec.Precision.FLOAT32;
            Npy.write(directory.file("samples.npy"), samples.values(), samples.shape(), float32);
            if (trajectory != null) {
                writeTrajectory(directory, trajectory, times, samples.shape(), float32);
                log.printf("  trajectory: trajectory.npy [%d, %s], denoised.npy [%d, %s], trajectory_times.npy%n",
                        times.length, shapeText(samples.shape()), times.length - 1, shapeText(samples.shape()));
            }

            long evaluationStart = System.nanoTime();
            // the samples as they are (flat, no copy); data draws only as large as the metrics and the plot use
            Points points = new Points(samples.values(), samples.count(), samples.dims());
            // samples.png is drawn on its own thread while the metrics are computed (their values do not depend on
            // it); its data draw and density are computed here first, so no component is called from two threads
            BackgroundPlot plotting = spec.evaluation().plots()
                    ? BackgroundPlot.start(plot(samples, points, sampleShape, times.length - 1),
                            directory.file("samples.png"))
                    : null;
            boolean finished = false;
            try {
                Evaluation evaluation = evaluate(points, labels, log, directory.cacheDirectory());
                if (spec.evaluation().odeError()) {
                    long odeStart = System.nanoTime();
                    int count = Math.min(spec.evaluation().odeErrorCount(), sampling.count());
                    // the first count samples' draws: the file's, or the stream's first values again
                    double[] firstNoise = fromFile != null ? fromFile
                            : SeedStreams.INITIAL_NOISE.of(spec.seed()).gaussians(count * dims);
                    // the reference flow starts from x_t0 = sigma(t0) z'; a prior with x_t0 = c z is z' = (c/sigma) z
                    double priorRatio = sampling.priorScale(process, times[0]) / process.sigma(times[0]);
                    if (priorRatio != 1.0) {
                        firstNoise = java.util.Arrays.stream(firstNoise, 0, count * dims).map(v -> v * priorRatio)
                                .toArray();
                    }
                    double rms = OdeError.rms(manager, data.closedForm().orElseThrow(),
                            dataKey(), process, times, samples.values(),
                            firstNoise, count, directory.cacheDirectory());
                    evaluation.values().put("ode_rmse", rms);
                    timings.since("ode_error", odeStart);
                }
                evaluation.values().forEach((id, value) -> {
                    Double baseline = evaluation.dataBaseline().get(id);
                    log.printf("  %-22s %-12.6g%s%n", id, value,
                            baseline == null ? "" : String.format(" (data vs data: %.6g)", baseline));
                });
                timings.put("metrics", evaluation.seconds());
                ObjectNode metrics = metricsJson(evaluation, samples.nfe(), samplingSeconds);
                notes.sections().forEach((section, values) -> metrics.set(section, SpecWriter.toTree(values)));
                directory.write("metrics.json", SpecWriter.json(metrics));
                if (plotting != null) {
                    timings.put("plots", plotting.await());   // its own drawing time, mostly alongside the metrics
                }
                timings.put("evaluation_total", (System.nanoTime() - evaluationStart) / 1e9);
                finished = true;
                return new RunResult(null, false, evaluation, samples.nfe(), samplingSeconds);
            } finally {
                if (!finished && plotting != null) {
                    plotting.awaitQuietly();   // nothing writes into the run directory after the run has failed
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * samples.png: a grid of images, a scatter over the density (2-D and up), or a histogram (1-D); each shown
     * against a data draw of min(count, {@value #PLOT_REFERENCE_POINTS}) points (the view, the image levels, the
     * background where the density is not known). The draw and the density are computed now, on this thread; the
     * returned plot only draws and encodes.
     */
    private org.difflab.core.plot.PlotFile plot(Samples samples, Points points, Shape sampleShape, int steps) {
        var sampling = experiment.spec().sampling();
        Points reference = draw(SeedStreams.REFERENCE, Math.min(sampling.count(), PLOT_REFERENCE_POINTS)).points();
        String title = experiment.spec().experiment();
        String subtitle = sampling.solver().id() + " on " + sampling.schedule().id() + ", " + steps + " steps, "
                + samples.nfe() + " NFE, " + sampling.count() + " samples";
        int dims = samples.dims();
        if (sampleShape.dimension() == 3 && (sampleShape.get(0) == 1 || sampleShape.get(0) == 3)) {
            return file -> ImageGrid.write(file, samples.values(), sampleShape.getShape(), samples.count(),
                    reference.values(), title, subtitle);
        }
        var closedForm = data.closedForm().filter(c -> c.dims() == dims);
        java.util.function.Function<double[][], double[]> density =
                closedForm.<java.util.function.Function<double[][], double[]>>map(c -> c::logDensity).orElse(null);
        if (dims == 1) {
            return HistogramOverDensity.prepare(samples.values(), reference.values(), density, title, subtitle);
        }
        return ScatterOverDensity.prepare(points, reference, dims == 2 ? density : null, title,
                subtitle + (dims > 2 ? " (first two of " + dims + " dimensions)" : ""));
    }

    /**
     * Identifies the data distribution for the ODE reference cache: its resolved options, its component (plugin
     * version and jar) and the files it reads, so a rebuilt plugin or a changed file never reuses a stale entry.
     */
    private String dataKey() {
        return dataKey(experiment);
    }

    /** The identity of an experiment's data for the ODE reference cache (see {@link #dataKey()}). */
    public static String dataKey(Experiment experiment) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        key.set("spec", experiment.resolved().get("data"));
        key.setAll(experiment.inputs().identity("data"));
        return SpecWriter.canonicalJson(key);
    }

    /**
     * The spec's metrics of the samples, each with its data-vs-data baseline where it has one. The reference and the
     * baseline draw hold as many points as the metric that uses the most asks for, at most the sample count
     * ({@link Evaluator#referencePoints}).
     */
    private Evaluation evaluate(Points samples, int[] labels, PrintStream log, Path cacheDirectory) {
        ExperimentSpec spec = experiment.spec();
        if (spec.evaluation().metrics().isEmpty()) {
            return Evaluation.none();
        }
        int points = Evaluator.referencePoints(spec.evaluation().metrics(), spec.sampling().count());
        LabelledPoints reference = draw(SeedStreams.REFERENCE, points);
        LabelledPoints baseline = draw(SeedStreams.BASELINE, points);
        boolean exact = SamplingBatch.closedForm(spec) && data.closedForm().isPresent();
        try (RunModelUnderTest underTest = new RunModelUnderTest(model, process, data,
                spec.sampling().precision().dataType(), spec.seed(), exact, spec.evaluation().likelihoodPoints(), log,
                System.console() != null && log == System.out)) {
            return Evaluator.evaluate(spec.evaluation().metrics(), new Evaluator.Sets(samples, labels,
                    reference.points(), reference.labels(), baseline.points(), baseline.labels()), data, underTest,
                    spec.seed(), cacheDirectory);
        }
    }

    /**
     * trajectory.npy [N + 1, count, ...], denoised.npy [N, count, ...] in the sampling precision, and the grid as
     * trajectory_times.npy [N + 1] in float64.
     */
    private static void writeTrajectory(RunDirectory directory, Trajectory trajectory, double[] times,
            long[] sampleShape, boolean float32) throws IOException {
        Npy.write(directory.file("trajectory.npy"), trajectory.states(), prepend(times.length, sampleShape), float32);
        Npy.write(directory.file("denoised.npy"), trajectory.denoised(), prepend(times.length - 1, sampleShape),
                float32);
        Npy.write(directory.file("trajectory_times.npy"), times, new long[] {times.length}, false);
    }

    private static long[] prepend(long first, long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = first;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    private static String shapeText(long[] shape) {
        return java.util.Arrays.stream(shape).mapToObj(Long::toString)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The most data points the plot is drawn against. */
    static final int PLOT_REFERENCE_POINTS = 100_000;

    /** A draw from the data with its labels (null for unlabelled data). */
    private LabelledPoints draw(SeedStreams stream, int count) {
        if (count == 0) {   // no metric reads a data draw
            return new LabelledPoints(new Points(new double[0], 0, Math.toIntExact(data.sampleShape().size())), null);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            DataSource.Labelled drawn = data.sampleLabelled(manager, count, stream.of(experiment.spec().seed()));
            return new LabelledPoints(Points.of(drawn.x0()), drawn.labels());
        }
    }

    /** Data points with their labels (null for unlabelled data). */
    private record LabelledPoints(Points points, int[] labels) {}

    private static ObjectNode metricsJson(Evaluation evaluation, int nfe, double samplingSeconds) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode values = root.putObject("metrics");
        evaluation.values().forEach(values::put);
        ObjectNode baseline = root.putObject("data_baseline");
        evaluation.dataBaseline().forEach(baseline::put);
        root.put("nfe", nfe);
        root.put("sampling_seconds", samplingSeconds);
        return root;
    }
}
