package org.difflab.plugins.training;

import org.difflab.api.ForwardProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;

/** The processes of the tests, from the contract suite's fixtures (independent of the process plugins). */
final class TestProcesses {

    private TestProcesses() {}

    /** Karras et al. (2022), Table 1 "Ours": alpha = 1, sigma = t; sampling range [0.002, 80]. */
    static ForwardProcess edm() {
        return ReferenceProcesses.EDM_LIKE;
    }

    /** Song et al. (2021), eq. 29: VP SDE with beta(t) = 0.1 + 19.9 t. */
    static ForwardProcess vp() {
        return ReferenceProcesses.VP_SDE;
    }

    /** beta(t) of {@link #vp()}, written out from the paper: the VP SDE's g^2 (Song et al. 2021, eq. 11). */
    static double vpBeta(double t) {
        return 0.1 + t * (20.0 - 0.1);
    }

    /** Rectified flow / conditional OT (Liu et al. 2023; Lipman et al. 2023): alpha = 1 - t, sigma = t. */
    static ForwardProcess rectifiedFlow() {
        return ReferenceProcesses.FLOW_LIKE;
    }

    static ForwardProcess[] all() {
        return new ForwardProcess[] {edm(), vp(), rectifiedFlow()};
    }

    /** Interior times of the process's range (or of [tMin, 80] for EDM), avoiding both ends. */
    static double[] interiorTimes(ForwardProcess process) {
        double hi = Double.isFinite(process.tMax()) ? process.tMax() : 80.0;
        double[] t = new double[41];
        for (int i = 0; i < t.length; i++) {
            // geometric near 0 (where weights vary fastest), up to 0.999 hi
            t[i] = hi * Math.pow(1e-4, 1.0 - i / 40.0) * 0.999;
        }
        return t;
    }
}
