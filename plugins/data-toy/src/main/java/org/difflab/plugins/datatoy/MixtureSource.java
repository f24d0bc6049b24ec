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
 * A data source that is a Gaussian mixture: draws, labels, density and exact denoiser (conditional too) all come
 * from the API's {@link GaussianMixture}, so the data and its closed form cannot disagree. Where the mixture's
 * components are grouped into classes, a draw's label is the class of the component it came from.
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
    public int classes() {
        return mixture.classes();
    }

    @Override
    public Labelled sampleLabelled(NDManager manager, int n, Rng rng) {
        if (mixture.classes() == 0) {
            return DataSource.super.sampleLabelled(manager, n, rng);
        }
        Rows.checkCount(n);
        GaussianMixture.LabelledRows drawn = mixture.sampleLabelled(n, rng);
        return new Labelled(Rows.toArray(manager, drawn.x0(), mixture.dims()), drawn.labels());
    }

    @Override
    public Optional<double[]> classWeights() {
        return mixture.classes() == 0 ? Optional.empty() : Optional.of(mixture.classWeights());
    }

    /**
     * Classes dealt to {@code components} components round-robin (component k has class k mod {@code classes}),
     * or null for {@code classes} = 0 (unlabelled).
     */
    static int[] roundRobin(int components, int classes) {
        if (classes == 0) {
            return null;
        }
        int[] out = new int[components];
        for (int k = 0; k < components; k++) {
            out[k] = k % classes;
        }
        return out;
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
