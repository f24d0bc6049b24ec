package org.difflab.tck;

import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.assertSkipped;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Solver;
import org.difflab.api.math.PathPoint;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Stepper;
import org.junit.jupiter.api.Test;

/** solver.distribution for consistency samplers: checked with the exact consistency function of a Gaussian. */
class ConsistencySolverChecksTest {

    /** Song et al.'s Algorithm 1 (renoising to each level), or with the renoising forgotten. */
    static Solver sampler(boolean renoise) {
        return new Solver() {
            @Override public int order() { return 1; }
            @Override public Set<Capability> capabilities() {
                return Set.of(Capability.STOCHASTIC, Capability.CONSISTENCY_SAMPLING);
            }
            @Override public Stepper start(Integration run) {
                return (step, x) -> {
                    NDArray x0 = step.x0(x, step.t());
                    PathPoint next = step.at(step.tNext());
                    NDArray scaled = x0.mul(next.alpha());
                    return renoise && !step.toData() ? scaled.add(step.gaussianLike(x).mul(next.sigma())) : scaled;
                };
            }
        };
    }

    @Test
    void algorithmOneSamplesTheGaussianFromItsExactConsistencyFunction() {
        assertPassed(SolverChecks.consistencyDistribution(sampler(true)));
        assertSkipped(SolverChecks.order(sampler(true)), "CONSISTENCY_SAMPLING");
    }

    @Test
    void forgettingToRenoiseIsCaught() {
        // without noise the second evaluation sees x0 as if it were a noisy sample: the spread shrinks
        assertFailed(SolverChecks.consistencyDistribution(sampler(false)), "variance of x");
    }
}
