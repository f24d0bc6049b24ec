package org.difflab.plugins.solvers;

import org.difflab.api.math.GaussianMixture;

/** Test data. */
final class Mixtures {

    private Mixtures() {}

    /** A small 2-D mixture of three well-separated components with stds 0.3 to 0.5. */
    static final GaussianMixture THREE = new GaussianMixture(
            new double[][] {{-1.5, 0.0}, {1.5, 0.5}, {0.0, 2.0}},
            new double[] {0.4, 0.3, 0.5},
            new double[] {0.3, 0.5, 0.2});
}
