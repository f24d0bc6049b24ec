package org.difflab.plugins.datatoy;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.math.GaussianMixture;
import org.pf4j.Extension;

/**
 * K equally weighted 2-D Gaussians of one std with means evenly spaced on a circle,
 * mu_k = radius (cos 2 pi k/K, sin 2 pi k/K), k = 0..K-1: the classic "8 Gaussians" toy set with the defaults.
 * A Gaussian mixture, so it has the exact denoiser. With {@code classes: C} the components are dealt to C classes
 * round-robin (component k has class k mod C; with 8 components and 2 classes, alternate modes).
 */
@Extension
@Component(id = "gmm-ring", summary = "K equal Gaussians evenly spaced on a circle (\"8 Gaussians\"; closed form)")
public final class RingMixtureSource extends MixtureSource {

    /** Options of {@link RingMixtureSource}. */
    public record Options(
            @Param(doc = "number of components K on the circle", defaultValue = "8", min = 1) int components,
            @Param(doc = "radius of the circle of means, in data units", defaultValue = "2.0", min = 0,
                    exclusiveMin = true) double radius,
            @Param(doc = "isotropic standard deviation of every component, in data units", defaultValue = "0.2",
                    min = 0, exclusiveMin = true) double std,
            @Param(doc = "number of classes C: component k has class k mod C (0: unlabelled)", defaultValue = "0",
                    min = 0) int classes) {

        public Options {
            OptionChecks.atLeast("components", components, 1);
            OptionChecks.positive("radius", radius);
            OptionChecks.positive("std", std);
            OptionChecks.classCount(classes, components);
        }

        /** An unlabelled ring. */
        public Options(int components, double radius, double std) {
            this(components, radius, std, 0);
        }
    }

    /** The ring described by {@code options}. */
    public RingMixtureSource(Options options) {
        super(ring(options));
    }

    private static GaussianMixture ring(Options options) {
        int k = options.components();
        double[][] means = new double[k][];
        double[] stds = new double[k];
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            double angle = 2.0 * Math.PI * i / k;
            means[i] = new double[] {options.radius() * Math.cos(angle), options.radius() * Math.sin(angle)};
            stds[i] = options.std();
            weights[i] = 1.0;
        }
        return new GaussianMixture(means, stds, weights, roundRobin(k, options.classes()));
    }
}
