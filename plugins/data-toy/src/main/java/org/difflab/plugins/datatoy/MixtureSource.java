package org.difflab.plugins.datatoy;

import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.GaussianMixtureData;

/**
 * Base of the bundled sources that are a Gaussian mixture ({@link GaussianMixtureData}: draws, labels, density and
 * exact denoiser all from the API's {@link GaussianMixture}); where the mixture's components are grouped into classes,
 * a draw's label is the class of the component it came from.
 */
public abstract class MixtureSource extends GaussianMixtureData {

    /** A source drawing from {@code mixture}. */
    protected MixtureSource(GaussianMixture mixture) {
        super(mixture);
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
}
