package org.difflab.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.Solver;
import org.difflab.api.TimestepSchedule;
import org.difflab.api.sampling.Denoiser;
import org.difflab.core.run.ExactTargetModel;
import org.difflab.core.run.Sampler;
import org.difflab.core.run.TargetDenoiser;
import org.difflab.core.run.TargetModel;
import org.difflab.core.run.RunNotes;
import org.difflab.core.spec.Experiment;
import org.difflab.core.train.DenoiserTraining;
import org.difflab.core.train.NetworkModel;
import org.difflab.core.train.RunContext;

/**
 * Wires one run from its validated spec: every component the spec names, built once, and the model,
 * denoiser and sampler composed from them. This is the one place where the spec's choices meet.
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
    }

    @Provides @Singleton DataSource data() { return experiment.spec().data().create(); }
    @Provides @Singleton ForwardProcess process() { return experiment.spec().process().create(); }
    @Provides @Singleton Parameterization parameterization() { return experiment.spec().parameterization().create(); }
    @Provides @Singleton Preconditioner preconditioner() { return experiment.spec().preconditioner().create(); }
    @Provides @Singleton Solver solver() { return experiment.spec().sampling().solver().create(); }
    @Provides @Singleton TimestepSchedule schedule() { return experiment.spec().sampling().schedule().create(); }

    /**
     * The model: the data's closed form, trained weights loaded from a checkpoint, or a network trained now.
     */
    @Provides
    @Singleton
    TargetModel model(DataSource data, Parameterization parameterization, Preconditioner preconditioner,
            com.google.inject.Provider<DenoiserTraining> training, RunNotes notes) {
        var spec = experiment.spec();
        if (spec.model().type().builtin()) {   // the exact model is the one built-in model
            return new ExactTargetModel(data.closedForm().orElseThrow(), parameterization);
        }
        if (spec.checkpoint() != null) {
            NetworkModel network = NetworkModel.initialize(spec.model().create().build(data.sampleShape()),
                    data.sampleShape(), preconditioner, (int) spec.seed(), 1);
            try {
                network.loadWeights(spec.checkpoint().path());
            } catch (java.io.IOException | RuntimeException e) {
                network.close();
                throw new org.difflab.core.spec.SpecException(experiment.source().where("checkpoint"), "checkpoint",
                        "cannot load " + spec.checkpoint().spelling() + ": " + e.getMessage());
            }
            return network;
        }
        DenoiserTraining.Outcome outcome = training.get().train();
        var summary = outcome.summary();
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("steps", summary.steps());
        values.put("final_loss", summary.finalLoss());
        values.put("seconds", summary.seconds());
        values.put("steps_per_second", summary.stepsPerSecond());
        values.put("steady_steps_per_second", summary.steadyStepsPerSecond());
        notes.put("training", values);
        return outcome.model();
    }

    @Provides
    Denoiser denoiser(TargetModel model, Parameterization parameterization, ForwardProcess process) {
        return new TargetDenoiser(model, parameterization, process);
    }

    @Provides
    Sampler sampler(ForwardProcess process, Solver solver, Denoiser denoiser) {
        return new Sampler(process, solver, experiment.spec().sampling().solver().id(), denoiser);
    }
}
