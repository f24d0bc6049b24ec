package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Optional;
import org.difflab.api.Capability;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.math.Rng;

/**
 * The contract of a {@link Metric}, on draws from a data source (by default the contract suite's reference
 * mixture): the value is finite and reproducible; with {@link Capability#ZERO_FOR_IDENTICAL} it is zero when the
 * samples are the reference; with {@link Capability#SYMMETRIC} swapping samples and reference leaves it unchanged.
 */
public final class MetricChecks {

    /** Samples per set. */
    static final int COUNT = 256;

    private MetricChecks() {}

    /** Every check of {@code metric} on {@code data}. */
    public static List<Check> of(Metric metric, DataSource data) {
        return List.of(
                new Check("metric.finite", "a finite value on two independent draws, the same for the same input",
                        () -> finite(metric, data)),
                new Check("metric.zero-for-identical", "zero when the samples are the reference (claimed by"
                        + " ZERO_FOR_IDENTICAL)", () -> zeroForIdentical(metric, data)),
                new Check("metric.symmetric", "unchanged when samples and reference are swapped (claimed by SYMMETRIC)",
                        () -> symmetric(metric, data)));
    }

    private static double[][] draw(DataSource data, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            var array = data.sample(manager, COUNT, new Rng(seed));
            int dims = Math.toIntExact(data.sampleShape().size());
            double[] flat = array.toDoubleArray();
            double[][] rows = new double[COUNT][dims];
            for (int i = 0; i < COUNT; i++) {
                System.arraycopy(flat, i * dims, rows[i], 0, dims);
            }
            return rows;
        }
    }

    private static Optional<Outcome> inapplicable(Metric metric, DataSource data) {
        return metric.inapplicableTo(data).map(reason -> Outcome.skipped("not applicable to " + data + ": " + reason));
    }

    static Outcome finite(Metric metric, DataSource data) {
        Optional<Outcome> skip = inapplicable(metric, data);
        if (skip.isPresent()) {
            return skip.get();
        }
        double[][] samples = draw(data, 1);
        double[][] reference = draw(data, 2);
        double value = metric.compute(new MetricInput(samples, reference, data, new Rng(9)));
        if (!Double.isFinite(value)) {
            return Outcome.failed("value " + value + " on two independent draws of " + COUNT + " from " + data);
        }
        double again = metric.compute(new MetricInput(samples, reference, data, new Rng(9)));
        if (again != value) {
            return Outcome.failed("the same input and seed gave " + fmt(value) + " and then " + fmt(again));
        }
        return Outcome.passed("value " + fmt(value) + " on two draws of " + COUNT + " from " + data);
    }

    static Outcome zeroForIdentical(Metric metric, DataSource data) {
        if (!metric.capabilities().contains(Capability.ZERO_FOR_IDENTICAL)) {
            return Outcome.skipped("does not claim ZERO_FOR_IDENTICAL");
        }
        Optional<Outcome> skip = inapplicable(metric, data);
        if (skip.isPresent()) {
            return skip.get();
        }
        double[][] samples = draw(data, 1);
        double value = metric.compute(new MetricInput(samples, samples, data, new Rng(9)));
        // Exact zero is expected in exact arithmetic; 1e-9 allows summation round-off over 256^2 pairs.
        if (!(Math.abs(value) <= 1e-9)) {
            return Outcome.failed("value " + fmt(value) + " for identical sample and reference sets (" + COUNT
                    + " draws); expected 0");
        }
        return Outcome.passed("value " + fmt(value) + " for identical sets");
    }

    static Outcome symmetric(Metric metric, DataSource data) {
        if (!metric.capabilities().contains(Capability.SYMMETRIC)) {
            return Outcome.skipped("does not claim SYMMETRIC");
        }
        Optional<Outcome> skip = inapplicable(metric, data);
        if (skip.isPresent()) {
            return skip.get();
        }
        double[][] a = draw(data, 1);
        double[][] b = draw(data, 2);
        double ab = metric.compute(new MetricInput(a, b, data, new Rng(9)));
        double ba = metric.compute(new MetricInput(b, a, data, new Rng(9)));
        if (!(Math.abs(ab - ba) <= 1e-9 * Math.max(1.0, Math.abs(ab)))) {
            return Outcome.failed("value " + fmt(ab) + " but " + fmt(ba) + " with samples and reference swapped");
        }
        return Outcome.passed("value " + fmt(ab) + " either way");
    }
}
