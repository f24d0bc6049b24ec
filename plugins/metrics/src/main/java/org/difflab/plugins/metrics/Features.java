package org.difflab.plugins.metrics;

import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.SpecFile;

/**
 * The feature vectors a feature-space metric compares: the samples' own coordinates, a feature network's output, or
 * the feature layer of the platform's classifier of the data ({@link ClassifierFeatures}).
 */
final class Features {

    private Features() {}

    /**
     * The samples' and the reference's features ({@code [samples, reference]}, [n][features] each), each set first
     * reduced to at most {@code maxPoints} points drawn with the metric's rng.
     *
     * @param network a TorchScript feature network, or null for the coordinates themselves
     */
    static double[][][] of(MetricInput input, SpecFile network, int maxPoints) {
        PointSets.dims(input);
        Points samples = input.samples().subsample(maxPoints, input.rng().split(1));
        Points reference = input.reference().subsample(maxPoints, input.rng().split(2));
        return of(samples, reference, input, network);
    }

    /** As {@link #of(MetricInput, SpecFile, int)}, on the features {@code options} choose (k-NN metrics). */
    static double[][][] of(MetricInput input, KnnPrecision.Options options, int maxPoints) {
        if (!options.classifier()) {
            return of(input, options.network(), maxPoints);
        }
        PointSets.dims(input);
        Points samples = input.samples().subsample(maxPoints, input.rng().split(1));
        Points reference = input.reference().subsample(maxPoints, input.rng().split(2));
        ClassifierFeatures classifier = ClassifierFeatures.of(input.data(), CLASSIFIER_EXAMPLES, options.classifierSteps(),
                CLASSIFIER_SEED, input.cacheDirectory());
        return new double[][][] {classifier.features(samples), classifier.features(reference)};
    }

    /** fd_classifier's default training draw and seed, so that the k-NN metrics share its classifier. */
    private static final int CLASSIFIER_EXAMPLES = 10_000;
    private static final long CLASSIFIER_SEED = 0;

    /**
     * The features of two sets in canonical order ({@link PointSets#canonicalSubsample}): the same pair, whichever
     * was the samples, so a symmetric metric of them is exactly symmetric.
     */
    static double[][][] canonical(MetricInput input, SpecFile network, int maxPoints) {
        PointSets.dims(input);
        Points[] sets = PointSets.canonicalSubsample(input.samples(), input.reference(), maxPoints, input.rng());
        return of(sets[0], sets[1], input, network);
    }

    private static double[][][] of(Points a, Points b, MetricInput input, SpecFile network) {
        if (network == null) {
            return new double[][][] {a.toRows(), b.toRows()};
        }
        try (FeatureNetwork features = FeatureNetwork.load(network.path())) {
            var shape = input.data().sampleShape();
            return new double[][][] {features.features(a, shape), features.features(b, shape)};
        }
    }
}
