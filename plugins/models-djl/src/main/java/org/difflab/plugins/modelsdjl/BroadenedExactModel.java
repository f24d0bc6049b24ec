package org.difflab.plugins.modelsdjl;

import java.util.Optional;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Model;
import org.difflab.api.Param;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.ModelSetting;
import org.pf4j.Extension;

/**
 * A deliberately weaker exact model: the exact denoiser of the data's Gaussian mixture with every component's std
 * multiplied by {@code std_scale} (means, weights and classes kept). It stands in, with no training error, for the
 * under-fitted model autoguidance steers away from (Karras et al. 2024, "Guiding a Diffusion Model with a Bad
 * Version of Itself": the guide makes the same kind of errors as the main model, only more of them; a blurrier
 * density is the simplest such error). Read through the run's parameterization like {@code exact}.
 */
@Extension
@Component(id = "exact-broadened", summary = "exact denoiser of the data's Gaussian mixture with every std scaled"
        + " (a weaker model for autoguidance)", example = "{std_scale: 1.5}")
public final class BroadenedExactModel implements Model {

    /** Options of {@link BroadenedExactModel}. */
    public record Options(
            @Param(doc = "factor on every mixture component's std (1 is the exact model; > 1 blurs the density)",
                    min = 0, exclusiveMin = true) double stdScale) {
        public Options {
            if (!(stdScale > 0) || Double.isInfinite(stdScale)) {
                throw new InvalidOptionException("std_scale", "std_scale must be a finite number > 0, got " + stdScale);
            }
        }
    }

    private final double stdScale;

    /** The exact denoiser of the data broadened by {@code std_scale}. */
    public BroadenedExactModel(Options options) {
        this.stdScale = options.stdScale();
    }

    @Override
    public Optional<String> inapplicableTo(ModelSetting setting) {
        if (setting.closedForm().flatMap(data -> data.broadened(stdScale)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("exact-broadened needs data that is a Gaussian mixture (gmm, gmm-ring, gmm-random, ...);"
                + " data '" + ExactModel.idOf(setting.data()) + "' is not; give a weaker network instead (e.g. a"
                + " checkpoint of a smaller or shorter-trained model)");
    }

    @Override
    public LoadedModel load(ModelSetting setting) {
        ClosedFormData broadened = setting.closedForm().flatMap(data -> data.broadened(stdScale))
                .orElseThrow(() -> new IllegalArgumentException(inapplicableTo(setting).orElseThrow()));
        return ExactModel.denoiserOf(broadened, setting);
    }

    @Override
    public String toString() {
        return "exact-broadened[std_scale=" + stdScale + "]";
    }
}
