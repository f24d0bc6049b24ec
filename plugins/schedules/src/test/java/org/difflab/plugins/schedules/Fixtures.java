package org.difflab.plugins.schedules;

import org.difflab.api.ForwardProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;

/**
 * Forward processes for the schedule tests, from the contract suite's fixtures so that the tests depend on no
 * process plugin. The VP SDE's timeAtNoiseLevel is the interface's generic bisection (accurate to ~1 ulp of t),
 * independent of the closed forms the references in the tests use.
 */
final class Fixtures {

    private Fixtures() {}

    /** Song et al.'s VP SDE (beta 0.1 to 20), DPM-Solver's 'linear' NoiseScheduleVP; sampling range [1e-3, 1]. */
    static final ForwardProcess LINEAR_VP = ReferenceProcesses.VP_SDE;

    /** beta_0 and beta_1 of {@link #LINEAR_VP}, for DPM-Solver's closed forms in the tests. */
    static final double BETA_0 = 0.1;
    static final double BETA_1 = 20;

    /** EDM's sigma(t) = t, s(t) = 1 (Karras et al. 2022, Table 1); sampling range [0.002, 80]. */
    static final ForwardProcess NOISE_LEVEL_TIME = ReferenceProcesses.EDM_LIKE;

    /** Conditional OT x_t = (1 - t) x0 + t eps; sampling range [1e-3, 1], infinite noise level at t = 1. */
    static final ForwardProcess CONDITIONAL_OT = ReferenceProcesses.FLOW_LIKE;
}
