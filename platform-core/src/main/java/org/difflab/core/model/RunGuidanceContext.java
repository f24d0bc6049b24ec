package org.difflab.core.model;

import org.difflab.api.ComponentChoice;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Model;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.GuidanceContext;

/** What guidance composes in a run: the counted model and counted guides loaded in the run's setting. */
public final class RunGuidanceContext implements GuidanceContext {

    private final ConditionalDenoiser model;
    private final RunModelSetting setting;
    private final CountedModel.Counter counter;

    /** Guidance over {@code model} (already counted on {@code counter}). */
    public RunGuidanceContext(ConditionalDenoiser model, RunModelSetting setting, CountedModel.Counter counter) {
        this.model = model;
        this.setting = setting;
        this.counter = counter;
    }

    @Override
    public ConditionalDenoiser model() {
        return model;
    }

    @Override
    public ForwardProcess process() {
        return setting.process();
    }

    @Override
    public ConditionalDenoiser load(ComponentChoice<? extends Model> guide) {
        return new CountedModel(setting.load(guide), counter);
    }
}
