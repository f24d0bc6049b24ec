package org.difflab.plugins.metrics;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Param;
import org.difflab.api.Points;
import org.pf4j.Extension;

/**
 * The energy distance of each class's samples to that class's own data, averaged over classes weighted by their
 * number of samples: sum_c (n_c / n) E(samples of class c, reference points of class c). Where class accuracy
 * measures how typical of its class a sample is, this measures whether the samples of a class still follow that
 * class's distribution; guidance beyond w = 1 raises the first and worsens this one. Lower is better, data units;
 * each class's term is {@code energy_distance} (V-statistic, sets over {@code max_points} subsampled). It uses
 * reference points of every class, so the run draws its reference and baseline as large as the samples.
 */
@Extension
@Component(id = "class_energy_distance", summary = "energy distance of each class's samples to that class's data,"
        + " weighted by the class's share of the samples (lower is better)")
public final class ClassEnergyDistance implements Metric {

    @Override
    public Set<org.difflab.api.Capability> capabilities() {
        return Set.of(org.difflab.api.Capability.ZERO_FOR_IDENTICAL);
    }

    /** Options of {@link ClassEnergyDistance}. */
    public record Options(
            @Param(doc = "largest number of points used from each class's sets; larger sets are subsampled at random",
                    defaultValue = "10000", min = 2) int maxPoints) {}

    private final EnergyDistance energy;

    /** The class-wise energy distance on at most {@code max_points} points per class and set. */
    public ClassEnergyDistance(Options options) {
        this.energy = new EnergyDistance(new EnergyDistance.Options(options.maxPoints()));
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.LABELS);
    }

    @Override
    public Optional<String> inapplicableTo(DataSource data) {
        return data.classes() == 0 ? Optional.of("class_energy_distance needs labelled data; this data has no"
                + " classes") : Optional.empty();
    }

    @Override
    public double compute(MetricInput input) {
        PointSets.dims(input);
        int[] labels = input.sampleLabels();
        int[] referenceLabels = input.referenceLabels();
        if (labels == null || labels.length != input.samples().count() || referenceLabels == null
                || referenceLabels.length != input.reference().count()) {
            throw new IllegalArgumentException("class_energy_distance needs one label per sample (sampling.labels: all,"
                    + " data or a list) and labelled data");
        }
        int classes = Math.max(Arrays.stream(labels).max().orElse(-1), Arrays.stream(referenceLabels).max().orElse(-1))
                + 1;
        double total = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            Points own = pointsOf(input.samples(), labels, c);
            if (own.isEmpty()) {
                continue;
            }
            Points data = pointsOf(input.reference(), referenceLabels, c);
            if (data.isEmpty()) {
                throw new IllegalArgumentException("the reference draw has no point of class " + c + ", for which "
                        + own.count() + " samples were generated; draw more samples");
            }
            total += own.count() * energy.compute(new MetricInput(own, data, input.data(), input.rng().split(c)));
            counted += own.count();
        }
        if (counted == 0) {
            throw new IllegalArgumentException("class_energy_distance needs labelled samples; every sample has no label");
        }
        return total / counted;
    }

    /** The points whose label is {@code c}. */
    private static Points pointsOf(Points points, int[] labels, int c) {
        return points.select(java.util.stream.IntStream.range(0, points.count()).filter(i -> labels[i] == c).toArray());
    }
}
