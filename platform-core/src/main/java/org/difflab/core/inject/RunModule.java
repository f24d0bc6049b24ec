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
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.run.ExactTargetModel;
import org.difflab.core.run.Sampler;
import org.difflab.core.run.TargetDenoiser;
import org.difflab.core.run.TargetModel;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.SpecException;

/**
 * Wires one run from its validated spec: every component the spec names, built once, and the model,
 * denoiser and sampler composed from them. This is the one place where the spec's choices meet.
 */
public final class RunModule extends AbstractModule {

    private final Experiment experiment;

    /** The wiring of {@code experiment}. */
    public RunModule(Experiment experiment) {
        this.experiment = experiment;
    }

    @Override
    protected void configure() {
        bind(Experiment.class).toInstance(experiment);
    }

    @Provides @Singleton DataSource data() { return experiment.spec().data().create(); }
    @Provides @Singleton ForwardProcess process() { return experiment.spec().process().create(); }
    @Provides @Singleton Parameterization parameterization() { return experiment.spec().parameterization().create(); }
    @Provides @Singleton Preconditioner preconditioner() { return experiment.spec().preconditioner().create(); }
    @Provides @Singleton Solver solver() { return experiment.spec().sampling().solver().create(); }
    @Provides @Singleton TimestepSchedule schedule() { return experiment.spec().sampling().schedule().create(); }

    @Provides
    @Singleton
    TargetModel model(DataSource data, Parameterization parameterization) {
        if (experiment.spec().model().id().equals(ComponentRegistry.EXACT_MODEL)) {
            return new ExactTargetModel(data.closedForm().orElseThrow(), parameterization);
        }
        throw new SpecException(experiment.source().where("model"), "model", "model '"
                + experiment.spec().model().id() + "' is a network and needs training; this platform build samples"
                + " only model: exact");
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
