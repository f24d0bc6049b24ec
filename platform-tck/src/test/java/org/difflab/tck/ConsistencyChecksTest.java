package org.difflab.tck;

import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.run;

import java.util.List;
import org.difflab.api.ConsistencyParameterization;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

/** The consistency checks pass Song et al.'s scalings and catch scalings without the boundary shift. */
class ConsistencyChecksTest {

    /** Song et al. (2023, Appendix C) with sigma_data 0.5, sigma_min 0.002, or EDM's unshifted c_skip/c_out. */
    static ConsistencyParameterization scalings(boolean shifted) {
        double sigmaData = 0.5;
        double sigmaMin = 0.002;
        double shift = shifted ? sigmaMin : 0.0;
        return new ConsistencyParameterization() {
            @Override public double sigmaMin() { return sigmaMin; }
            @Override public double cSkip(double sigma) {
                return sigmaData * sigmaData / ((sigma - shift) * (sigma - shift) + sigmaData * sigmaData);
            }
            @Override public double cOut(double sigma) {
                return (sigma - shift) * sigmaData / Math.sqrt(sigmaData * sigmaData + sigma * sigma);
            }
        };
    }

    @Test
    void songEtAlsScalingsMeetTheBoundaryConditionExactly() {
        for (Check check : ParameterizationChecks.of(scalings(true), ReferenceProcesses.all())) {
            assertPassed(check.run());
        }
    }

    @Test
    void edmsUnshiftedScalingsBreakTheBoundaryCondition() {
        // EDM's c_out(0.002) = 0.0019..., so the network's output leaks into f(x, sigma_min)
        List<Check> checks = ParameterizationChecks.of(scalings(false), ReferenceProcesses.all());
        assertFailed(run(checks, "consistency.boundary"), "c_out = 0.0019");
    }

    @Test
    void aTargetThatDisagreesWithTheScalingsIsCaught() {
        ConsistencyParameterization right = scalings(true);
        ConsistencyParameterization wrongTarget = new ConsistencyParameterization() {
            @Override public double sigmaMin() { return right.sigmaMin(); }
            @Override public double cSkip(double sigma) { return right.cSkip(sigma); }
            @Override public double cOut(double sigma) { return right.cOut(sigma); }
            @Override public org.difflab.api.math.LinearTarget target(org.difflab.api.math.PathPoint p) {
                org.difflab.api.math.LinearTarget t = ConsistencyParameterization.super.target(p);
                return new org.difflab.api.math.LinearTarget(t.a(), 1.01 * t.b());
            }
        };
        assertFailed(run(ParameterizationChecks.of(wrongTarget, List.of()), "consistency.target"), "gives (c_skip");
    }
}
