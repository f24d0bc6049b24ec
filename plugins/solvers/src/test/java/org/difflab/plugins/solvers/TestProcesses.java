package org.difflab.plugins.solvers;

import org.difflab.api.ForwardProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;

/** The forward processes of the tests, from the contract suite's fixtures (plugins may not depend on each other). */
final class TestProcesses {

    private TestProcesses() {}

    /** EDM (Karras et al. 2022, Table 1 "Ours"): alpha = 1, sigma = t, t in [0, inf). */
    static final ForwardProcess EDM = ReferenceProcesses.EDM_LIKE;

    /**
     * A VP-type path with noise level t: alpha = 1/sqrt(1 + t^2), sigma = t alpha (EDM's "VP scaling"). Unlike the
     * TCK's VP_LIKE it ends at tMax = 100, which the range tests below rely on.
     */
    static final ForwardProcess VP = ReferenceProcesses.vpLike(100.0);

    /**
     * Score SDE's VP SDE with a linear beta(t) = beta0 + t (beta1 - beta0) on t in [0, 1] (Song et al. 2021,
     * sde_lib.VPSDE; beta0 = 0.1, beta1 = 20). Uses the interface's default (bisection) inverses.
     */
    static final ForwardProcess LINEAR_VP = ReferenceProcesses.VP_SDE;

    /** Rectified flow / conditional OT (Lipman et al. 2023) on [0, 1], sampled by default from 0.99 to 0.002. */
    static final ForwardProcess FLOW = ReferenceProcesses.flowLike(0.99, 0.002);
}
