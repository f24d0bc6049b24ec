package org.difflab.plugins.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;

/** Test-local data sources and point sets. */
final class TestData {

    private TestData() {}

    /** n draws of N(mean, std^2 I). */
    static double[][] gaussian(int n, double[] mean, double std, Rng rng) {
        return GaussianMixture.single(mean, std).sample(n, rng);
    }

    static double[][] copy(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }

    /** A data source with a closed form: one isotropic Gaussian. */
    @Component(id = "test-gaussian", summary = "one isotropic Gaussian")
    static final class GaussianData implements DataSource {
        final GaussianMixture gaussian;

        GaussianData(double[] mean, double std) {
            this.gaussian = GaussianMixture.single(mean, std);
        }

        @Override public Shape sampleShape() { return new Shape(gaussian.dims()); }
        @Override public NDArray sample(NDManager manager, int n, Rng rng) { return manager.create(gaussian.sample(n, rng)); }
        @Override public Optional<ClosedFormData> closedForm() { return Optional.of(gaussian); }
    }

    /** A data source known only through draws. */
    @Component(id = "test-spiral", summary = "no closed form")
    static final class SpiralData implements DataSource {
        @Override public Shape sampleShape() { return new Shape(2); }
        @Override public NDArray sample(NDManager manager, int n, Rng rng) { return manager.zeros(new Shape(n, 2)); }
    }
}
