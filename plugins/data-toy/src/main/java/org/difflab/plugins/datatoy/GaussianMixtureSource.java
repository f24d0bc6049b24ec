package org.difflab.plugins.datatoy;

import java.util.Arrays;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.math.GaussianMixture;
import org.pf4j.Extension;

/**
 * A Gaussian mixture sum_k w_k N(mu_k, s_k^2 I) given component by component, in any dimension; its exact
 * denoiser and density come from {@link GaussianMixture}. With {@code classes} (one per component, classes
 * 0..C-1 each used) the data are labelled: a draw's label is its component's class, and class c's data are the
 * mixture of its components.
 */
@Extension
@Component(id = "gmm", summary = "Gaussian mixture with given means, isotropic stds, weights and optional classes"
        + " (closed form)",
        example = "{means: [[-2.0, 0.0], [1.0, 1.5], [2.0, -1.0]], stds: [0.4, 0.3, 0.5], weights: [0.3, 0.5, 0.2],"
                + " classes: [0, 1, 0]}")
public final class GaussianMixtureSource extends MixtureSource {

    /** Options of {@link GaussianMixtureSource}. */
    public record Options(
            @Param(doc = "component means, one list per component, all of the same dimension, "
                    + "e.g. [[-2.0], [2.0]]") double[][] means,
            @Param(doc = "isotropic standard deviation of each component (one per mean), in data units",
                    min = 0, exclusiveMin = true) double[] stds,
            @Param(doc = "mixture weights, one per mean, positive; normalised to sum 1 ([] for equal weights)",
                    defaultValue = "[]", min = 0, exclusiveMin = true) double[] weights,
            @Param(doc = "the class of each component, one per mean, classes numbered 0..C-1 with each used, e.g."
                    + " [0, 0, 1] ([] for unlabelled data)", defaultValue = "[]", min = 0) int[] classes) {

        public Options {
            if (means == null || means.length == 0) {
                throw new InvalidOptionException("means", "give at least one component mean, e.g. [[-2.0], [2.0]]");
            }
            int dims = means[0] == null ? 0 : means[0].length;
            for (int k = 0; k < means.length; k++) {
                if (means[k] == null || means[k].length == 0 || means[k].length != dims) {
                    throw new InvalidOptionException("means", "every mean needs the same non-zero dimension: mean 0 has "
                            + dims + " coordinates, mean " + k + " has "
                            + (means[k] == null ? 0 : means[k].length));
                }
                for (double value : means[k]) {
                    if (!Double.isFinite(value)) {
                        throw new InvalidOptionException("means", "mean " + k + " has a non-finite coordinate " + value
                                + "; means must be finite numbers");
                    }
                }
            }
            if (stds == null || stds.length != means.length) {
                throw new InvalidOptionException("stds", "give one std per mean: " + means.length + " means but "
                        + (stds == null ? 0 : stds.length) + " stds");
            }
            for (int k = 0; k < stds.length; k++) {
                if (!(stds[k] > 0) || !Double.isFinite(stds[k])) {
                    throw new InvalidOptionException("stds", "stds[" + k + "] = " + stds[k]
                            + "; each std must be a finite number > 0");
                }
            }
            if (weights == null) {
                weights = new double[0];
            }
            if (weights.length != 0 && weights.length != means.length) {
                throw new InvalidOptionException("weights", "give one weight per mean (" + means.length
                        + "), or [] for equal weights; got " + weights.length);
            }
            for (int k = 0; k < weights.length; k++) {
                if (!(weights[k] > 0) || !Double.isFinite(weights[k])) {
                    throw new InvalidOptionException("weights", "weights[" + k + "] = " + weights[k]
                            + "; each weight must be a finite number > 0 (they are normalised to sum 1)");
                }
            }
            if (classes == null) {
                classes = new int[0];
            }
            checkClasses(classes, means.length);
        }

        /** Unlabelled components. */
        public Options(double[][] means, double[] stds, double[] weights) {
            this(means, stds, weights, new int[0]);
        }

        private static void checkClasses(int[] classes, int components) {
            if (classes.length == 0) {
                return;
            }
            if (classes.length != components) {
                throw new InvalidOptionException("classes", "give one class per mean (" + components
                        + "), or [] for unlabelled data; got " + classes.length);
            }
            int count = 0;
            for (int k = 0; k < classes.length; k++) {
                if (classes[k] < 0) {
                    throw new InvalidOptionException("classes", "classes[" + k + "] = " + classes[k]
                            + "; classes are integers >= 0");
                }
                count = Math.max(count, classes[k] + 1);
            }
            for (int c = 0; c < count; c++) {
                final int label = c;
                if (Arrays.stream(classes).noneMatch(l -> l == label)) {
                    throw new InvalidOptionException("classes", "no component has class " + c + " in "
                            + Arrays.toString(classes) + "; number the classes 0.." + (count - 1)
                            + " with every class given to at least one component");
                }
            }
        }
    }

    /** The mixture described by {@code options}. */
    public GaussianMixtureSource(Options options) {
        super(new GaussianMixture(options.means(), options.stds(), weightsOf(options),
                options.classes().length > 0 ? options.classes() : null));
    }

    private static double[] weightsOf(Options options) {
        if (options.weights().length > 0) {
            return options.weights();
        }
        double[] equal = new double[options.means().length];
        Arrays.fill(equal, 1.0);
        return equal;
    }
}
