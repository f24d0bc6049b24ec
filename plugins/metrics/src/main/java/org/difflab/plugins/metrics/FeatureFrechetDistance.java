package org.difflab.plugins.metrics;

import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Param;
import org.difflab.api.Points;
import org.difflab.api.SpecFile;
import org.pf4j.Extension;

/**
 * FID with a user-supplied feature network (Heusel et al. 2017): the Frechet distance between Gaussians fitted to
 * the network's features of the samples and of the data. With Inception-v3's pool features exported to TorchScript
 * this is the FID recipe (the network, its input scaling and resizing are the user's, inside the exported module);
 * any other network gives the same kind of distance in its own feature space. Loaded offline from the path, nothing
 * is downloaded. Lower is better; the data-vs-data baseline shows the bias at this sample size (FID is biased upward
 * at small n). It uses at most {@code max_points} points of each set, so the run draws no more reference and baseline
 * points for it.
 */
@Extension
@Component(id = "fid", summary = "Frechet distance of a user-supplied TorchScript network's features (FID recipe;"
        + " lower is better)")
public final class FeatureFrechetDistance implements Metric {

    /** Options of {@link FeatureFrechetDistance}. */
    public record Options(
            @Param(doc = "the TorchScript feature network (.pt), applied to batches of samples in their data shape"
                    + " (float32); its first output, flattened per sample, is the feature vector") SpecFile network,
            @Param(doc = "largest number of points used from each set", defaultValue = "50000", min = 2)
            int maxPoints) {}

    private final Options options;

    /** The FID of {@code options}' network. */
    public FeatureFrechetDistance(Options options) {
        this.options = options;
    }

    @Override
    public double compute(MetricInput input) {
        if (Points.compare(input.samples(), input.reference()) == 0) {
            return 0.0;   // identical sets: exactly zero, whatever the rounding of the square root's trace
        }
        double[][][] sets = Features.canonical(input, options.network(), options.maxPoints());
        return FrechetDistance.of(sets[0], sets[1]);
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
