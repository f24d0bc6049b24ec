package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;
import java.util.Optional;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Component;
import org.difflab.api.ConsistencyParameterization;
import org.difflab.api.Model;
import org.difflab.api.math.Addend;
import org.difflab.api.math.Combination;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Preconditioning;
import org.difflab.api.model.Condition;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.ModelSetting;
import org.difflab.api.sampling.Denoiser;
import org.pf4j.Extension;

/**
 * The perfect network: the data's closed-form posterior mean E[x0 | x_t, c], passed through the run's
 * parameterization exactly as a trained network's output is: the ideal target F* = (x0 - skip x_t) / out read back
 * by D = skip x_t + out F* ({@link Preconditioning#throughTarget}, the two maps composed into one, which a Gaussian
 * mixture applies within its posterior mean's own pass), so sampling
 * exercises the conversions a network goes through and every parameterization must give the same samples.
 *
 * <p>Under a {@link ConsistencyParameterization} there is no such round trip (f ignores F at sigma_min) and no
 * exact consistency function in closed form: the model stays the denoiser x0_hat, e.g. as a distillation teacher.
 */
@Extension
@Component(id = "exact", summary = "the data's closed-form denoiser E[x0 | x_t, c] (data with a closed form, e.g. gmm)")
public final class ExactModel implements Model {

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CLOSED_FORM);
    }

    @Override
    public Optional<String> inapplicableTo(ModelSetting setting) {
        if (setting.closedForm().isPresent()) {
            return Optional.empty();
        }
        return Optional.of("the exact denoiser needs data with a closed form; data '" + idOf(setting.data())
                + "' has none (Gaussian mixtures such as gmm, gmm-ring and gmm-random do); train a network model"
                + " (e.g. model: {type: mlp} with a training: block) for other data");
    }

    @Override
    public LoadedModel load(ModelSetting setting) {
        ClosedFormData data = setting.closedForm().orElseThrow(() ->
                new IllegalArgumentException(inapplicableTo(setting).orElseThrow()));
        return denoiserOf(data, setting);
    }

    /**
     * The exact denoiser of {@code data} in {@code setting}, read through the setting's parameterization as a
     * network's output would be.
     */
    static LoadedModel denoiserOf(ClosedFormData data, ModelSetting setting) {
        return new LoadedModel() {
            @Override
            public NDArray denoise(NDArray x, double t, Condition condition) {
                return combined(x, t, condition, IDENTITY);
            }

            /**
             * map(x, D) with D the read-out: the map composed with the read-out is one combination of x and the
             * posterior mean, which the data folds into its pass (a Gaussian mixture does), so a solver's velocity
             * or Euler move costs no array pass beyond the posterior mean's.
             */
            @Override
            public NDArray combined(NDArray x, double t, Condition condition, Combination map) {
                return combined(x, t, condition, map, null);
            }

            /** The added term too goes into the data's pass (it is outside the read-out: added as it is). */
            @Override
            public NDArray combined(NDArray x, double t, Condition condition, Combination map, Addend plus) {
                // the mixture works on [batch, dims]; a batch already in that shape needs no reshape either way
                boolean flat = x.getShape().dimension() == 2;
                NDArray rows = flat ? x : x.reshape(x.getShape().get(0), -1);
                PathPoint p = PathPoint.of(setting.process(), t);
                Combination overall = map;
                if (!(setting.parameterization() instanceof ConsistencyParameterization)) {
                    Preconditioning coefficients =
                            Preconditioning.at(p, setting.parameterization(), setting.preconditioner());
                    overall = map.after(coefficients.throughTarget());
                }
                NDArray out = plus == null ? data.posteriorMean(rows, p, condition, overall)
                        : data.posteriorMean(rows, p, condition, overall, flat ? plus
                                : new Addend(plus.coefficient(), plus.array().reshape(rows.getShape())));
                return flat ? out : out.reshape(x.getShape());
            }

            /** Both folded: the posterior mean's pass twice, for the read-out and for the map (observed steps only). */
            @Override
            public Denoiser.Denoised denoisedAndCombined(NDArray x, double t, Condition condition, Combination map) {
                return new Denoiser.Denoised(denoise(x, t, condition), combined(x, t, condition, map));
            }

            @Override
            public void close() {}
        };
    }

    /** The map that leaves x0_hat as it is: composed with the read-out, it is the read-out coefficient for coefficient. */
    private static final Combination IDENTITY = new Combination(0.0, 1.0);

    static String idOf(Object component) {
        Component info = component.getClass().getAnnotation(Component.class);
        return info != null ? info.id() : component.getClass().getSimpleName();
    }
}
