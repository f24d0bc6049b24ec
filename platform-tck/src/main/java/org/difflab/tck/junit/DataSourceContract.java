package org.difflab.tck.junit;

import java.util.stream.Stream;
import org.difflab.api.DataSource;
import org.difflab.tck.DataSourceChecks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JUnit 5 mix-in running the contract of a {@link DataSource}: implement it in a test class of your plugin, return your
 * component from {@code createDataSource()}, and every check becomes a test (skipped checks are reported as skipped, with why).

 */
public interface DataSourceContract {

    /** The component under test (a new instance each call). */
    DataSource createDataSource();

    /** The contract's checks, one dynamic test each. */
    @TestFactory
    default Stream<DynamicTest> dataSourceContract() {
        return ContractTests.of(DataSourceChecks.of(createDataSource()));
    }
}
