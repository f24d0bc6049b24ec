package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.tck.MetricChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link Metric}: implement it in a test class of your plugin, return your
 * component from {@code createMetric()}, and every check becomes a test (skipped checks are reported as skipped, with why).

 */
public interface MetricContract {

    /** The component under test (a new instance each call). */
    Metric createMetric();

    /**
     * The data the metric is computed on: by default the contract suite's reference mixture, labelled by component if
     * the metric needs labels.
     */
    default DataSource metricData() {
        return MetricChecks.referenceDataFor(createMetric());
    }

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> metricContract() {
        return ContractTests.of(MetricChecks.of(createMetric(), metricData()));
    }
}
