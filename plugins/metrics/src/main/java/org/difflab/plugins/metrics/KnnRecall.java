package org.difflab.plugins.metrics;

import java.util.Optional;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.pf4j.Extension;

/**
 * Recall (Kynkaanniemi et al. 2019, eq. 4): the share of data points inside the k-NN support of the samples'
 * features, i.e. how much of the data the samples cover. A generator of one class out of several lowers it; higher is
 * better, at most 1. Options as {@code precision}'s; it too uses at most {@code max_points} points of each set.
 */
@Extension
@Component(id = "recall", summary = "share of data inside the k-NN support of the samples (Kynkaanniemi et al. 2019;"
        + " raw coordinates, a TorchScript feature network or the platform's classifier; higher is better)")
public final class KnnRecall implements Metric {

    private final KnnPrecision.Options options;

    /** Recall as {@code options} say. */
    public KnnRecall(KnnPrecision.Options options) {
        this.options = options;
    }

    @Override
    public Optional<String> inapplicableTo(DataSource data) {
        return KnnPrecision.inapplicable(options, data);
    }

    @Override
    public double compute(MetricInput input) {
        double[][][] sets = Features.of(input, options, options.maxPoints());
        return new KnnManifold(sets[0], options.k()).coverage(sets[1]);
    }

    @Override
    public int referencePoints() {
        return options.maxPoints();
    }
}
