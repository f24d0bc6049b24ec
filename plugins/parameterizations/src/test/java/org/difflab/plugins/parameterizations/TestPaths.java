package org.difflab.plugins.parameterizations;

import org.difflab.api.ForwardProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;

/** The affine paths x_t = alpha x0 + sigma eps of the tests: the contract suite's reference processes. */
final class TestPaths {

    private TestPaths() {}

    /** EDM-like: alpha = 1, sigma = t (Karras et al. 2022). */
    static final ForwardProcess EDM = ReferenceProcesses.EDM_LIKE;

    /**
     * VP-like in EDM's noise level: alpha = 1/sqrt(1+t^2), sigma = t alpha, so alpha^2 + sigma^2 = 1 and the
     * noise level sigma/alpha is t.
     */
    static final ForwardProcess VP = ReferenceProcesses.VP_LIKE;

    /** Rectified flow / conditional OT: alpha = 1 - t, sigma = t on [0, 1]. */
    static final ForwardProcess RECTIFIED_FLOW = ReferenceProcesses.FLOW_LIKE;
}
