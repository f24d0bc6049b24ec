package org.difflab.plugins.metrics;

import java.util.Optional;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.pf4j.Extension;

/**
 * Negative mean log-likelihood of the generated samples under the data's closed-form density,
 * -(1/n) sum_i log p_data(x_i), in nats per sample: the cross-entropy of the data density relative to the
 * sample distribution, minimised (at the data's entropy) when samples follow the data. Lower is better.
 * Needs a data source with a closed form (a Gaussian mixture).
 *
 * <p>It uses every sample and no reference point; its data-vs-data baseline (the data's entropy, the level a perfect
 * sampler reaches) averages over min(count, {@value #BASELINE_POINTS}) data points (and over more when another metric
 * of the run draws more): a Monte-Carlo mean whose standard error, sd(log p) / sqrt(100,000), is below a hundredth
 * of a nat for the bundled mixtures.
 */
@Extension
@Component(id = "exact_nll", summary = "negative mean log-likelihood of samples under the exact data density (nats;"
        + " lower is better; all samples, its data baseline on at most 100,000 points)")
public final class ExactNll implements Metric {

    /** The most data points its baseline averages over. */
    static final int BASELINE_POINTS = 100_000;

    /** Samples whose log densities are computed at a time (as rows: the closed form takes rows). */
    private static final int BLOCK = 4096;

    @Override
    public Optional<String> inapplicableTo(DataSource data) {
        if (data.closedForm().isPresent()) {
            return Optional.empty();
        }
        return Optional.of("exact_nll needs the data's closed-form density, but data type '" + typeOf(data)
                + "' has none; it applies to data types with the closed_form capability (the Gaussian mixtures "
                + "gmm, gmm-ring and gmm-random)");
    }

    @Override
    public double compute(MetricInput input) {
        Optional<String> problem = inapplicableTo(input.data());
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        ClosedFormData density = input.data().closedForm().orElseThrow();
        Points samples = input.samples();
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("need at least one sample");
        }
        if (samples.dims() != density.dims()) {
            throw new IllegalArgumentException("samples have " + samples.dims() + " coordinates but the data has "
                    + density.dims());
        }
        double sum = 0;   // in sample order, block after block: the same sum as over one call for all samples
        for (int start = 0; start < samples.count(); start += BLOCK) {
            Points block = samples.slice(start, Math.min(samples.count(), start + BLOCK));
            for (double logDensity : density.logDensity(block.toRows())) {
                sum += logDensity;
            }
        }
        return -sum / samples.count();
    }

    /** It reads no reference point; its baseline averages over at most {@value #BASELINE_POINTS} data points. */
    @Override
    public int referencePoints() {
        return BASELINE_POINTS;
    }

    /** The data source's component id, or its class name if it has none. */
    private static String typeOf(DataSource data) {
        Component component = data.getClass().getAnnotation(Component.class);
        return component != null ? component.id() : data.getClass().getSimpleName();
    }
}
