package org.difflab.core.run;

import com.google.inject.Provider;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.Map;
import org.difflab.api.DataSource;
import org.difflab.api.model.LoadedModel;
import org.difflab.core.spec.Experiment;
import org.difflab.core.model.RunResources;

/**
 * A run's phases in order: the model (loaded, or trained first), then sampling and evaluation; everything the
 * run opened is freed at the end. The root of a run's wiring ({@link org.difflab.core.inject.RunModule}).
 */
public final class RunPipeline {

    private final Provider<LoadedModel> model;
    private final Provider<SamplingRun> sampling;
    private final RunResources resources;
    private final Experiment experiment;
    private final DataSource data;

    @Inject
    RunPipeline(Provider<LoadedModel> model, Provider<SamplingRun> sampling, RunResources resources,
            Experiment experiment, DataSource data) {
        this.model = model;
        this.sampling = sampling;
        this.resources = resources;
        this.experiment = experiment;
        this.data = data;
    }

    /**
     * Runs into {@code directory}; returns the sampling run's result, fills {@code results} for run.json and records
     * the intra-op thread count each phase ran with, and why, in {@code threads}.
     */
    public RunResult execute(RunDirectory directory, Timings timings, PrintStream log, Map<String, Object> results,
            Map<String, IntraOpThreads.Choice> threads) {
        try (resources) {
            if (experiment.spec().training() != null) {
                threads.put("training", IntraOpThreads.forTraining(experiment.spec()));
                IntraOpThreads.apply(threads.get("training"));
            }
            long modelStart = System.nanoTime();
            model.get(); // trains a network if the spec says so
            timings.since("model", modelStart);
            threads.put("sampling", IntraOpThreads.forSampling(experiment.spec(), data));
            IntraOpThreads.apply(threads.get("sampling"));
            return sampling.get().execute(directory, timings, log, results);
        }
    }
}
