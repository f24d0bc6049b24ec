package org.difflab.plugins.metrics;

import java.util.Optional;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Param;
import org.difflab.api.SpecFile;
import org.pf4j.Extension;

/**
 * Precision (Kynkaanniemi et al. 2019, eq. 3): the share of samples inside the k-NN support of the data's
 * features, i.e. how many samples look like data. A generator that covers only part of the data (one class) keeps it
 * high; one that makes things the data never shows lowers it. Higher is better, at most 1; the data-vs-data
 * baseline is what a perfect sampler scores at this sample size. It uses at most {@code max_points} points of each set,
 * so the run draws no more reference and baseline points for it.
 */
@Extension
@Component(id = "precision", summary = "share of samples inside the k-NN support of the data (Kynkaanniemi et al."
        + " 2019; raw coordinates, a TorchScript feature network or the platform's classifier; higher is better)")
public final class KnnPrecision implements Metric {

    /** Options of {@link KnnPrecision} and {@link KnnRecall}. */
    public record Options(
            @Param(doc = "k: each point's ball reaches its k-th nearest neighbour in its own set (3 in the paper)",
                    defaultValue = "3", min = 1) int k,
            @Param(doc = "largest number of points used from each set (cost grows as its square)",
                    defaultValue = "5000", min = 2) int maxPoints,
            @Param(doc = "TorchScript feature network (.pt) applied to the samples in their data shape; none: the"
                    + " samples' own coordinates", defaultValue = "null") SpecFile network,
            @Param(doc = "compare the features of the classifier the platform trains on the labelled data (the one of"
                    + " fd_classifier with its default examples and seed) instead", defaultValue = "false")
            boolean classifier,
            @Param(doc = "with classifier: its training steps of 128 examples (fd_classifier's steps, to share it)",
                    defaultValue = "1000", min = 1) int classifierSteps) {

        public Options {
            if (classifier && network != null) {
                throw new InvalidOptionException("classifier", "give either a feature network or classifier: true,"
                        + " not both");
            }
        }

        /** Options on the samples' coordinates or a TorchScript network's features. */
        public Options(int k, int maxPoints, SpecFile network) {
            this(k, maxPoints, network, false, 1000);
        }
    }

    private final Options options;

    /** Precision as {@code options} say. */
    public KnnPrecision(Options options) {
        this.options = options;
    }

    @Override
    public Optional<String> inapplicableTo(DataSource data) {
        return inapplicable(options, data);
    }

    /** With {@code classifier}, the data must have labels to train it on. */
    static Optional<String> inapplicable(Options options, DataSource data) {
        return options.classifier() && data.classes() < 2 ? Optional.of("classifier: true trains a classifier of the"
                + " data's labels; this data has " + (data.classes() == 0 ? "none" : "one class") + " (give labelled"
                + " data, or leave classifier false)") : Optional.empty();
    }

    @Override
    public double compute(MetricInput input) {
        double[][][] sets = Features.of(input, options, options.maxPoints());
        return new KnnManifold(sets[1], options.k()).coverage(sets[0]);
    }

    @Override
    public int referencePoints() {
        return options.maxPoints();
    }
}
