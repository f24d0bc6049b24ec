package org.difflab.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Guidance;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.Solver;
import org.difflab.api.TimestepSchedule;
import org.difflab.api.model.LoadedModel;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.model.CountedModel;
import org.difflab.core.model.GuidedModel;
import org.difflab.core.model.RunGuidanceContext;
import org.difflab.core.model.RunModelSetting;
import org.difflab.core.model.RunResources;
import org.difflab.core.run.RunNotes;
import org.difflab.core.run.Sampler;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.SpecException;
import org.difflab.core.train.RunContext;
import org.difflab.core.train.TrainingLoop;

/**
 * Wires one run from its validated spec: every extension point bound to the component the spec configures,
 * built once, and the model, guidance and sampler composed from them. This is the one place where the spec's
 * choices meet; the run's classes receive what they need by constructor injection.
 */
public final class RunModule extends AbstractModule {

    private final Experiment experiment;
    private final RunContext context;

    /** The wiring of {@code experiment}, writing through {@code context}. */
    public RunModule(Experiment experiment, RunContext context) {
        this.experiment = experiment;
        this.context = context;
    }

    @Override
    protected void configure() {
        bind(Experiment.class).toInstance(experiment);
        bind(RunContext.class).toInstance(context);
        bind(RunNotes.class).toInstance(new RunNotes());
        bind(RunResources.class).toInstance(new RunResources());
        bind(CountedModel.Counter.class).toInstance(new CountedModel.Counter());
    }

    @Provides @Singleton DataSource data() { return experiment.spec().data().create(); }
    @Provides @Singleton ForwardProcess process() { return experiment.spec().process().create(); }
    @Provides @Singleton Parameterization parameterization() { return experiment.spec().parameterization().create(); }
    @Provides @Singleton Preconditioner preconditioner() { return experiment.spec().preconditioner().create(); }
    @Provides @Singleton Solver solver() { return experiment.spec().sampling().solver().create(); }
    @Provides @Singleton TimestepSchedule schedule() { return experiment.spec().sampling().schedule().create(); }
    @Provides @Singleton Guidance guidance() { return experiment.spec().sampling().guidance().create(); }

    @Provides
    @Singleton
    RunModelSetting setting(DataSource data, ForwardProcess process, Parameterization parameterization,
            Preconditioner preconditioner, ComponentRegistry registry, RunResources resources) {
        return new RunModelSetting(data, process, parameterization, preconditioner, experiment.spec().seed(),
                registry, resources);
    }

    /** The run's model: trained now when the spec has a training block, else loaded by its component. */
    @Provides
    @Singleton
    LoadedModel model(RunModelSetting setting, Provider<TrainingLoop> training, RunNotes notes,
            RunResources resources) {
        var spec = experiment.spec();
        if (spec.training() == null) {
            try {
                return setting.load(spec.model());
            } catch (IllegalArgumentException e) {
                throw new SpecException(experiment.source().where("model"), "model",
                        "model '" + spec.model().id() + "' cannot be loaded: " + e.getMessage());
            }
        }
        TrainingLoop.Outcome outcome = training.get().train();
        var summary = outcome.summary();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("steps", summary.steps());
        values.put("final_loss", summary.finalLoss());
        values.put("seconds", summary.seconds());
        values.put("steps_per_second", summary.stepsPerSecond());
        values.put("steady_steps_per_second", summary.steadyStepsPerSecond());
        if (outcome.trainedBy() != null) {
            values.put("network_trained_by_run", outcome.trainedBy());   // reused: the figures above are that run's
        }
        notes.put("training", values);
        return resources.register(outcome.network());
    }

    /** The model as solvers see it: the spec's guidance over the counted model. */
    @Provides
    @Singleton
    GuidedModel guided(LoadedModel model, Guidance guidance, RunModelSetting setting, CountedModel.Counter counter) {
        var context = new RunGuidanceContext(new CountedModel(model, counter), setting, counter);
        try {
            return new GuidedModel(guidance.guide(context), counter);
        } catch (IllegalArgumentException e) {
            throw new SpecException(experiment.source().where("sampling.guidance"), "sampling.guidance",
                    "guidance '" + experiment.spec().sampling().guidance().id() + "' cannot be set up: "
                            + e.getMessage());
        }
    }

    @Provides
    Sampler sampler(ForwardProcess process, Solver solver, GuidedModel guided) {
        var sampling = experiment.spec().sampling();
        return new Sampler(process, solver, sampling.solver().id(), guided, t0 -> sampling.priorScale(process, t0));
    }
}
