package org.difflab.plugins.metrics;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * The energy distance of each class's samples to that class's own data, averaged over classes weighted by their
 * number of samples: sum_c (n_c / n) E(samples of class c, reference points of class c). Where class accuracy
 * measures how typical of its class a sample is, this measures whether the samples of a class still follow that
 * class's distribution; guidance beyond w = 1 raises the first and worsens this one. Lower is better, data units;
 * each class's term is {@code energy_distance} (V-statistic, sets over {@code max_points} subsampled).
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
        if (labels == null || labels.length != input.samples().length || referenceLabels == null
                || referenceLabels.length != input.reference().length) {
            throw new IllegalArgumentException("class_energy_distance needs one label per sample (sampling.labels: all,"
                    + " data or a list) and labelled data");
        }
        int classes = Math.max(Arrays.stream(labels).max().orElse(-1), Arrays.stream(referenceLabels).max().orElse(-1))
                + 1;
        double total = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            double[][] own = rowsOf(input.samples(), labels, c);
            if (own.length == 0) {
                continue;
            }
            double[][] data = rowsOf(input.reference(), referenceLabels, c);
            if (data.length == 0) {
                throw new IllegalArgumentException("the reference draw has no point of class " + c + ", for which "
                        + own.length + " samples were generated; draw more samples");
            }
            total += own.length * energy.compute(new MetricInput(own, data, input.data(), input.rng().split(c)));
            counted += own.length;
        }
        if (counted == 0) {
            throw new IllegalArgumentException("class_energy_distance needs labelled samples; every sample has no label");
        }
        return total / counted;
    }

    /** The rows whose label is {@code c}. */
    private static double[][] rowsOf(double[][] rows, int[] labels, int c) {
        return java.util.stream.IntStream.range(0, rows.length).filter(i -> labels[i] == c).mapToObj(i -> rows[i])
                .toArray(double[][]::new);
    }
}
