package org.difflab.api.model;

import org.difflab.api.ComponentChoice;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Model;

/** What guidance composes: the run's model, its process (noise levels), and further models to load. */
public interface GuidanceContext {

    /** The run's model; every call is one model evaluation (NFE). */
    ConditionalDenoiser model();

    /** The run's forward process. */
    ForwardProcess process();

    /**
     * Loads a further model (a guide) in the run's setting; its evaluations count as NFE too. The platform
     * closes it at the end of the run.
     */
    ConditionalDenoiser load(ComponentChoice<? extends Model> model);
}
