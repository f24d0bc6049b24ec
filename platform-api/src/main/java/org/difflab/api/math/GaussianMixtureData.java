package org.difflab.api.math;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;

/**
 * Data that is a Gaussian mixture: draws, labels (a draw's label is the class of the component it came from), class
 * weights, density and exact denoiser all come from one {@link GaussianMixture}, so the data and its closed form
 * cannot disagree. The base of the bundled mixture sources and of the contract suite's reference data.
 */
public class GaussianMixtureData implements DataSource {

    private final GaussianMixture mixture;

    /** Data drawn from {@code mixture}. */
    public GaussianMixtureData(GaussianMixture mixture) {
        this.mixture = mixture;
    }

    /** The mixture the data are drawn from. */
    public GaussianMixture mixture() {
        return mixture;
    }

    @Override
    public Shape sampleShape() {
        return new Shape(mixture.dims());
    }

    @Override
    public NDArray sample(NDManager manager, int n, Rng rng) {
        checkCount(n);
        return toArray(manager, mixture.sample(n, rng));
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
        checkCount(n);
        GaussianMixture.LabelledRows drawn = mixture.sampleLabelled(n, rng);
        return new Labelled(toArray(manager, drawn.x0()), drawn.labels());
    }

    @Override
    public Optional<double[]> classWeights() {
        return mixture.classes() == 0 ? Optional.empty() : Optional.of(mixture.classWeights());
    }

    @Override
    public Optional<ClosedFormData> closedForm() {
        return Optional.of(mixture);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CLOSED_FORM);
    }

    private static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw a negative number of samples: " + n);
        }
    }

    /** Draws [n][dims] as a float64 array of shape [n, dims], also for n = 0. */
    private NDArray toArray(NDManager manager, double[][] rows) {
        int dims = mixture.dims();
        double[] flat = new double[rows.length * dims];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * dims, dims);
        }
        return manager.create(flat, new Shape(rows.length, dims));
    }
}
