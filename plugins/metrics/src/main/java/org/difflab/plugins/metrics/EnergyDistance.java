package org.difflab.plugins.metrics;

import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Param;
import org.difflab.api.Points;
import org.pf4j.Extension;

/**
 * Szekely's energy distance between the samples X and the reference Y (Szekely &amp; Rizzo 2013, eq. 2.1):
 * <pre>  E = 2 E|X - Y| - E|X - X'| - E|Y - Y'|,</pre>
 * each expectation a V-statistic (the mean over all pairs, diagonal included). The V-statistic is the squared
 * distance between the two empirical distributions, so it is &ge; 0, exactly 0 for identical sets and
 * symmetric. Lower is better; units are data units. Cost O(n^2 d): sets larger than {@code max_points} are
 * first subsampled without replacement with the metric's rng, so the run draws at most {@code max_points} reference
 * and baseline points for it.
 */
@Extension
@Component(id = "energy_distance", summary = "energy distance 2E|X-Y| - E|X-X'| - E|Y-Y'| (V-statistic; lower is better)")
public final class EnergyDistance implements Metric {

    /** Options of {@link EnergyDistance}. */
    public record Options(
            @Param(doc = "largest number of points used from each set; larger sets are subsampled at random "
                    + "(cost grows as the square of this)", defaultValue = "10000", min = 2) int maxPoints) {

        public Options {
            if (maxPoints < 2) {
                throw new InvalidOptionException("max_points", "max_points must be at least 2, got " + maxPoints);
            }
        }
    }

    private final int maxPoints;

    /**
     * Within-set means E|Z - Z'| of the last call's two sets. The run's second call (the data-vs-data baseline)
     * has the same reference as the first, so its within-reference mean, a third of the pairs, is taken from here.
     */
    private final SetMemo<Double> withinMeans = new SetMemo<>();

    /** The energy distance on at most {@code max_points} points per set. */
    public EnergyDistance(Options options) {
        this.maxPoints = options.maxPoints();
    }

    @Override
    public double compute(MetricInput input) {
        PointSets.dims(input);
        // Canonical argument order first: then swapping samples and reference changes nothing, not even the
        // subsample or the rounding.
        Points[] sets = PointSets.canonicalSubsample(input.samples(), input.reference(), maxPoints, input.rng());
        Points a = sets[0];
        Points b = sets[1];
        if (Points.compare(a, b) == 0) {
            return 0.0;   // identical sets: exactly zero, whatever the rounding of the three means
        }
        double cross = PairwiseDistances.meanDistance(a, b);
        double withinA = meanSelfDistance(a);
        double withinB = meanSelfDistance(b);
        // >= 0 in exact arithmetic (a squared MMD); clamp what rounding leaves below zero.
        return Math.max(0.0, 2.0 * cross - (withinA + withinB));
    }

    /** E|Z - Z'| of {@code set}: remembered from the last call if that had an equal set, else computed. */
    private double meanSelfDistance(Points set) {
        Double known = withinMeans.get(set, null);
        if (known != null) {
            return known;
        }
        double mean = PairwiseDistances.meanSelfDistance(set);
        withinMeans.put(set, null, mean);
        return mean;
    }

    /** It uses at most {@code max_points} points of each set. */
    @Override
    public int referencePoints() {
        return maxPoints;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ZERO_FOR_IDENTICAL, Capability.SYMMETRIC);
    }
}
