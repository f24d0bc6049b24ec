package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that create arrays: each test gets a fresh {@link #manager}, closed after it. */
abstract class ArrayTest {

    /** Where the test's arrays are created. */
    protected NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }
}
