package org.difflab.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A metric's result: its headline value and named further numbers, reported as {@code <id>_<name>} (e.g.
 * {@code pf_ode_nll_bpd}, {@code pf_ode_nll_se}).
 *
 * @param value the headline value (what sweeps plot and compare)
 * @param details further numbers by name, in order
 */
public record MetricValue(double value, Map<String, Double> details) {

    public MetricValue {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A value with nothing more. */
    public static MetricValue of(double value) {
        return new MetricValue(value, Map.of());
    }

    /** This value with one more detail. */
    public MetricValue with(String name, double detail) {
        Map<String, Double> more = new LinkedHashMap<>(details);
        more.put(name, detail);
        return new MetricValue(value, more);
    }
}
