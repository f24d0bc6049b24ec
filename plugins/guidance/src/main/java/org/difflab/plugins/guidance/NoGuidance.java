package org.difflab.plugins.guidance;

import org.difflab.api.Component;
import org.difflab.api.Guidance;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.GuidanceContext;
import org.pf4j.Extension;

/** No guidance: the solver sees the model's own prediction for each sample's condition (one NFE per call). */
@Extension
@Component(id = "none", summary = "no guidance: the model's prediction for each sample's condition (1 NFE per call)")
public final class NoGuidance implements Guidance {

    @Override
    public ConditionalDenoiser guide(GuidanceContext context) {
        return context.model();
    }
}
