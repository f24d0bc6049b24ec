package org.difflab.plugins.metrics;

import java.util.Optional;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Param;
import org.difflab.api.Points;
import org.pf4j.Extension;

/**
 * The FID recipe with a feature network the platform trains itself: a small classifier of the run's labelled data
 * ({@link ClassifierFeatures}; a CNN for images), whose penultimate (feature-layer) activations of the samples and
 * of the data are compared by the Frechet distance of fitted Gaussians. Needs no downloaded network, only labels;
 * numbers are comparable between runs on the same data and settings (the classifier is a deterministic function of
 * them), not with published FIDs. Lower is better; the data-vs-data baseline is its level for a perfect sampler.
 * It uses at most {@code max_points} points of each set, so the run draws no more reference and baseline points
 * for it.
 */
@Extension
@Component(id = "fd_classifier", summary = "Frechet distance of the features of a classifier trained on the labelled"
        + " data (FID recipe, no download; lower is better)")
public final class ClassifierFrechetDistance implements Metric {

    /** Options of {@link ClassifierFrechetDistance}. */
    public record Options(
            @Param(doc = "labelled examples the classifier is trained on", defaultValue = "10000", min = 10)
            int examples,
            @Param(doc = "training steps of 128 examples (Adam, learning rate 1e-3)", defaultValue = "1000", min = 1)
            int steps,
            @Param(doc = "seed of the classifier's training draw, initial weights and batches", defaultValue = "0")
            long seed,
            @Param(doc = "largest number of points used from each set", defaultValue = "50000", min = 2)
            int maxPoints) {}

    private final Options options;

    /** fd_classifier as {@code options} say. */
    public ClassifierFrechetDistance(Options options) {
        this.options = options;
    }

    @Override
    public Optional<String> inapplicableTo(DataSource data) {
        return data.classes() >= 2 ? Optional.empty() : Optional.of("fd_classifier trains a classifier of the data's"
                + " labels; this data has " + (data.classes() == 0 ? "none" : "one class") + " (give labelled data, e.g."
                + " idx with labels:)");
    }

    @Override
    public double compute(MetricInput input) {
        PointSets.dims(input);
        if (Points.compare(input.samples(), input.reference()) == 0) {
            return 0.0;
        }
        ClassifierFeatures classifier = ClassifierFeatures.of(input.data(), options.examples(), options.steps(),
                options.seed(), input.cacheDirectory());
        Points[] sets = PointSets.canonicalSubsample(input.samples(), input.reference(), options.maxPoints(),
                input.rng());
        return FrechetDistance.of(classifier.features(sets[0]), classifier.features(sets[1]));
    }

    @Override
    public int referencePoints() {
        return options.maxPoints();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ZERO_FOR_IDENTICAL, Capability.SYMMETRIC);
    }
}
