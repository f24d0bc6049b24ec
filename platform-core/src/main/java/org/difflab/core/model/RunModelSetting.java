package org.difflab.core.model;

import java.nio.file.Path;
import org.difflab.api.ComponentChoice;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Model;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.ModelSetting;
import org.difflab.api.model.SavedSpec;
import org.difflab.core.component.ComponentRegistry;

/**
 * The setting of one run's models: its components, and the models loaded in it (a guide, a teacher), which are
 * closed with the run.
 */
public final class RunModelSetting implements ModelSetting, AutoCloseable {

    private final DataSource data;
    private final ForwardProcess process;
    private final Parameterization parameterization;
    private final Preconditioner preconditioner;
    private final long seed;
    private final ComponentRegistry registry;
    private final RunResources resources;

    /** The setting of a run with these components; models it loads are closed by {@code resources}. */
    public RunModelSetting(DataSource data, ForwardProcess process, Parameterization parameterization,
            Preconditioner preconditioner, long seed, ComponentRegistry registry, RunResources resources) {
        this.data = data;
        this.process = process;
        this.parameterization = parameterization;
        this.preconditioner = preconditioner;
        this.seed = seed;
        this.registry = registry;
        this.resources = resources;
    }

    @Override
    public DataSource data() {
        return data;
    }

    @Override
    public ForwardProcess process() {
        return process;
    }

    @Override
    public Parameterization parameterization() {
        return parameterization;
    }

    @Override
    public Preconditioner preconditioner() {
        return preconditioner;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public SavedSpec readSpec(Path file) {
        return new SavedSpecFile(registry, file);
    }

    @Override
    public LoadedModel load(ComponentChoice<? extends Model> model) {
        return resources.register(model.create().load(this));
    }

    @Override
    public void close() {
        resources.close();
    }
}
