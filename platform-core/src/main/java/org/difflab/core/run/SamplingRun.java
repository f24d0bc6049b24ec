package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.TimestepSchedule;
import org.difflab.api.io.Npy;
import org.difflab.core.plot.HistogramOverDensity;
import org.difflab.core.plot.ImageGrid;
import org.difflab.core.plot.ScatterOverDensity;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentSpec;
import org.difflab.core.spec.SpecWriter;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One sampling run: draw the samples, evaluate them against fresh data draws, and write samples.npy,
 * metrics.json and samples.png into the run's (staging) directory.
 */
public final class SamplingRun {

    private final Experiment experiment;
    private final DataSource data;
    private final ForwardProcess process;
    private final TimestepSchedule schedule;
    private final Sampler sampler;
    private final RunNotes notes;

    @Inject
    SamplingRun(Experiment experiment, DataSource data, ForwardProcess process, TimestepSchedule schedule,
            Sampler sampler, RunNotes notes) {
        this.experiment = experiment;
        this.data = data;
        this.process = process;
        this.schedule = schedule;
        this.sampler = sampler;
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

        EngineWarmup.await();
        try (NDManager manager = NDManager.newBaseManager()) {
            log.printf("  sampling %d samples: %s on %s (%d steps), %s ...%n", sampling.count(),
                    sampling.solver().id(), sampling.schedule().id(), times.length - 1,
                    sampling.precision().name().toLowerCase());
            long start = System.nanoTime();
            int batch = SamplingBatch.rows(spec, data);
            results.put("sampling_batch_size", batch);
            Samples samples = sampler.sample(manager, times, noise, sampleShape, sampling.count(),
                    batch, sampling.precision().dataType(), SeedStreams.SOLVER.of(spec.seed()),
                    done -> {
                        if (done < sampling.count()) {
                            log.printf("    %d / %d%n", done, sampling.count());
                        }
                    });
            double samplingSeconds = timings.since("sampling", start);
            log.printf("  done in %.2f s, %d NFE%n", samplingSeconds, samples.nfe());
            results.put("nfe", samples.nfe());

            Npy.write(directory.file("samples.npy"), samples.values(), samples.shape(),
                    sampling.precision() == org.difflab.core.spec.Precision.FLOAT32);

            long evaluationStart = System.nanoTime();
            // rows and data draws only where metrics or the plot use them (each is several times the samples' size)
            boolean measured = !spec.evaluation().metrics().isEmpty();
            boolean needRows = measured || spec.evaluation().plots();
            double[][] rows = needRows ? samples.rows() : null;
            double[][] reference = needRows ? draw(manager, SeedStreams.REFERENCE, sampling.count()) : null;
            Evaluation evaluation = !measured ? Evaluation.none()
                    : Evaluator.evaluate(spec.evaluation().metrics(), rows, reference,
                            draw(manager, SeedStreams.BASELINE, sampling.count()), data, spec.seed());
            if (spec.evaluation().odeError()) {
                long odeStart = System.nanoTime();
                int count = Math.min(spec.evaluation().odeErrorCount(), sampling.count());
                // the first count samples' draws: the file's, or the stream's first values again
                double[] firstNoise = fromFile != null ? fromFile
                        : SeedStreams.INITIAL_NOISE.of(spec.seed()).gaussians(count * dims);
                double rms = OdeError.rms(manager, data.closedForm().orElseThrow(),
                        SpecWriter.canonicalJson(experiment.resolved().get("data")), process, times, samples.values(),
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
            if (spec.evaluation().plots()) {
                long plotStart = System.nanoTime();
                plot(directory.file("samples.png"), samples, rows, reference, sampleShape, times.length - 1);
                timings.since("plots", plotStart);
            }
            timings.put("evaluation_total", (System.nanoTime() - evaluationStart) / 1e9);
            return new RunResult(null, false, evaluation, samples.nfe(), samplingSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** samples.png: a grid of images, a scatter over the density (2-D and up), or a histogram (1-D). */
    private void plot(java.nio.file.Path file, Samples samples, double[][] rows, double[][] reference,
            Shape sampleShape, int steps) throws IOException {
        var sampling = experiment.spec().sampling();
        String title = experiment.spec().experiment();
        String subtitle = sampling.solver().id() + " on " + sampling.schedule().id() + ", " + steps + " steps, "
                + samples.nfe() + " NFE, " + sampling.count() + " samples";
        int dims = samples.dims();
        if (sampleShape.dimension() == 3 && (sampleShape.get(0) == 1 || sampleShape.get(0) == 3)) {
            ImageGrid.write(file, samples.values(), sampleShape.getShape(), samples.count(), title, subtitle);
            return;
        }
        var closedForm = data.closedForm().filter(c -> c.dims() == dims);
        java.util.function.Function<double[][], double[]> density =
                closedForm.<java.util.function.Function<double[][], double[]>>map(c -> c::logDensity).orElse(null);
        if (dims == 1) {
            HistogramOverDensity.write(file, samples.values(), java.util.Arrays.stream(reference)
                    .mapToDouble(r -> r[0]).toArray(), density, title, subtitle);
        } else {
            ScatterOverDensity.write(file, rows, reference, dims == 2 ? density : null, title,
                    subtitle + (dims > 2 ? " (first two of " + dims + " dimensions)" : ""));
        }
    }

    private double[][] draw(NDManager manager, SeedStreams stream, int count) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray draw = data.sample(scope, count, stream.of(experiment.spec().seed()));
            return Samples.rows(draw.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray(), count);
        }
    }

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
