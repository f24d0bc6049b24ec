package org.difflab.plugins.metrics;

import java.util.Optional;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.pf4j.Extension;

/**
 * Negative mean log-likelihood of the generated samples under the data's closed-form density,
 * -(1/n) sum_i log p_data(x_i), in nats per sample: the cross-entropy of the data density relative to the
 * sample distribution, minimised (at the data's entropy) when samples follow the data. Lower is better.
 * Needs a data source with a closed form (a Gaussian mixture).
 */
@Extension
@Component(id = "exact_nll", summary = "negative mean log-likelihood of samples under the exact data density (nats; lower is better)")
public final class ExactNll implements Metric {

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
        double[][] samples = input.samples();
        if (samples.length == 0) {
            throw new IllegalArgumentException("need at least one sample");
        }
        for (double[] row : samples) {
            if (row.length != density.dims()) {
                throw new IllegalArgumentException("samples have " + row.length + " coordinates but the data has "
                        + density.dims());
            }
        }
        double sum = 0;
        for (double logDensity : density.logDensity(samples)) {
            sum += logDensity;
        }
        return -sum / samples.length;
    }

    /** The data source's component id, or its class name if it has none. */
    private static String typeOf(DataSource data) {
        Component component = data.getClass().getAnnotation(Component.class);
        return component != null ? component.id() : data.getClass().getSimpleName();
    }
}
