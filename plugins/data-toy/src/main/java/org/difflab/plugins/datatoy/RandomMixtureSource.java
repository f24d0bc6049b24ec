package org.difflab.plugins.datatoy;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * A reproducible random Gaussian mixture in any dimension, e.g. a 16-dimensional benchmark: K equally
 * weighted components of one std, with means drawn once as mu_k ~ N(0, spread^2 I) from the option
 * {@code seed} (so the distribution is fixed by the options, independent of the run's seed; the typical
 * distance between two means is spread * sqrt(2 dims)). A Gaussian mixture, so it has the exact denoiser. With
 * {@code classes: C} the components are dealt to C classes round-robin (component k has class k mod C).
 */
@Extension
@Component(id = "gmm-random", summary = "reproducible random Gaussian mixture in any dimension (closed form)")
public final class RandomMixtureSource extends MixtureSource {

    /** Options of {@link RandomMixtureSource}. */
    public record Options(
            @Param(doc = "dimension of the data", defaultValue = "16", min = 1) int dims,
            @Param(doc = "number of components K", defaultValue = "8", min = 1) int components,
            @Param(doc = "seed of the component means (fixes the distribution, not the draws)", defaultValue = "0")
                    long seed,
            @Param(doc = "standard deviation of each mean coordinate, mu_k ~ N(0, spread^2 I), in data units",
                    defaultValue = "1.0", min = 0, exclusiveMin = true) double spread,
            @Param(doc = "isotropic standard deviation of every component, in data units", defaultValue = "0.2",
                    min = 0, exclusiveMin = true) double std,
            @Param(doc = "number of classes C: component k has class k mod C (0: unlabelled)", defaultValue = "0",
                    min = 0) int classes) {

        public Options {
            OptionChecks.atLeast("dims", dims, 1);
            OptionChecks.atLeast("components", components, 1);
            OptionChecks.positive("spread", spread);
            OptionChecks.positive("std", std);
            OptionChecks.classCount(classes, components);
        }

        /** An unlabelled random mixture. */
        public Options(int dims, int components, long seed, double spread, double std) {
            this(dims, components, seed, spread, std, 0);
        }
    }

    /** The mixture fixed by {@code options}. */
    public RandomMixtureSource(Options options) {
        super(draw(options));
    }

    private static GaussianMixture draw(Options options) {
        Rng rng = new Rng(options.seed());
        int k = options.components();
        double[][] means = new double[k][options.dims()];
        double[] stds = new double[k];
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < options.dims(); j++) {
                means[i][j] = options.spread() * rng.nextGaussian();
            }
            stds[i] = options.std();
            weights[i] = 1.0;
        }
        return new GaussianMixture(means, stds, weights, roundRobin(k, options.classes()));
    }
}
