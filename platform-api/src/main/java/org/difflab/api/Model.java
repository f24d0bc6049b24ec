package org.difflab.api;

import java.util.Optional;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.ModelSetting;

/**
 * What answers x0_hat(x, t, c) for a run: the data's exact denoiser, a network the platform trains
 * ({@link ModelArchitecture}), a network loaded from an earlier run's checkpoint, or anything a plugin adds.
 * A spec names it under {@code model:}; guidance and training objectives name further models (a guide, a
 * teacher) the same way, as {@link ComponentChoice ComponentChoice&lt;Model&gt;} options.
 *
 * <p>Contract: the loaded denoiser returns x's shape and data type, is deterministic, and where the data has a
 * closed form and the model claims {@link Capability#CLOSED_FORM}, equals the exact posterior mean.
 */
public interface Model extends Pluggable {

    /**
     * Why this model cannot serve a run in {@code setting} (e.g. the exact denoiser needs closed-form data, a
     * network needs training or weights), or empty. Checked before anything runs; the reason is shown at the
     * spec key naming the model.
     */
    default Optional<String> inapplicableTo(ModelSetting setting) {
        return Optional.empty();
    }

    /** The model, ready to evaluate, for a run in {@code setting}; the caller closes it. */
    LoadedModel load(ModelSetting setting);
}
