package org.difflab.core.run;

import com.google.inject.Provider;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.Map;
import org.difflab.api.model.LoadedModel;
import org.difflab.core.model.RunResources;

/**
 * A run's phases in order: the model (loaded, or trained first), then sampling and evaluation; everything the
 * run opened is freed at the end. The root of a run's wiring ({@link org.difflab.core.inject.RunModule}).
 */
public final class RunPipeline {

    private final Provider<LoadedModel> model;
    private final Provider<SamplingRun> sampling;
    private final RunResources resources;

    @Inject
    RunPipeline(Provider<LoadedModel> model, Provider<SamplingRun> sampling, RunResources resources) {
        this.model = model;
        this.sampling = sampling;
        this.resources = resources;
    }

    /** Runs into {@code directory}; returns the sampling run's result and fills {@code results} for run.json. */
    public RunResult execute(RunDirectory directory, Timings timings, PrintStream log, Map<String, Object> results) {
        try (resources) {
            long modelStart = System.nanoTime();
            model.get(); // trains a network if the spec says so
            timings.since("model", modelStart);
            return sampling.get().execute(directory, timings, log, results);
        }
    }
}
