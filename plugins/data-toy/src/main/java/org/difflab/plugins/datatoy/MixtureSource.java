package org.difflab.plugins.datatoy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;

/**
 * A data source that is a Gaussian mixture: draws, density and exact denoiser all come from the API's
 * {@link GaussianMixture}, so the data and its closed form cannot disagree.
 */
public abstract class MixtureSource implements DataSource {

    private final GaussianMixture mixture;

    /** A source drawing from {@code mixture}. */
    protected MixtureSource(GaussianMixture mixture) {
        this.mixture = mixture;
    }

    /** The mixture this source draws from. */
    public GaussianMixture mixture() {
        return mixture;
    }

    @Override
    public Shape sampleShape() {
        return new Shape(mixture.dims());
    }

    @Override
    public NDArray sample(NDManager manager, int n, Rng rng) {
        Rows.checkCount(n);
        return Rows.toArray(manager, mixture.sample(n, rng), mixture.dims());
    }

    @Override
    public Optional<ClosedFormData> closedForm() {
        return Optional.of(mixture);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CLOSED_FORM);
    }
}
