package org.difflab.tck;

import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.assertSkipped;
import static org.difflab.tck.Outcomes.run;

import java.util.OptionalDouble;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.LossWeighting;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.ParameterizationContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Parameterization, preconditioner and loss-weighting checks. */
class TargetAndPreconditionerChecksTest {

    static final Parameterization V = p -> new LinearTarget(-p.sigma(), p.alpha());

    @Test
    void vPredictionIsWellConditionedAndRoundTrips() {
        for (Check check : ParameterizationChecks.of(V, ReferenceProcesses.all())) {
            assertPassed(check.run());
        }
    }

    @Test
    void aTargetParallelToXtIsSingular() {
        // F = x_t itself: alpha b - sigma a = 0, the system cannot be solved
        Parameterization xt = p -> new LinearTarget(p.alpha(), p.sigma());
        assertFailed(run(ParameterizationChecks.of(xt, ReferenceProcesses.all()), "parameterization.well-conditioned"),
                "condition number");
    }

    @Test
    void theConditionNumberOfTheIdentityIsOne() {
        double condition = ParameterizationChecks.condition(new PathPoint(0.0, 1.0, 0.0, 0.0, 1.0), LinearTarget.EPS);
        org.assertj.core.api.Assertions.assertThat(condition).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    /** EDM's c_in = 1/sqrt(sigma_t^2 + alpha^2 sigma_d^2), claiming unit variance for {@code declared}. */
    static Preconditioner edm(double actual, double declared) {
        return new Preconditioner() {
            @Override public double inputScale(PathPoint p) {
                return 1 / Math.sqrt(p.sigma() * p.sigma() + p.alpha() * p.alpha() * actual * actual);
            }
            @Override public double noiseInput(PathPoint p) { return Math.log(p.noiseLevel()) / 4; }
            @Override public OptionalDouble sigmaData() { return OptionalDouble.of(declared); }
            @Override public Set<Capability> capabilities() { return Set.of(Capability.UNIT_VARIANCE_INPUT); }
        };
    }

    @Test
    void edmPreconditioningHasUnitVarianceInput() {
        for (Check check : PreconditionerChecks.of(edm(0.5, 0.5), ReferenceProcesses.all())) {
            assertPassed(check.run());
        }
    }

    @Test
    void aScaleForAnotherSigmaDataFailsUnitVariance() {
        assertFailed(run(PreconditionerChecks.of(edm(0.5, 1.0), ReferenceProcesses.all()),
                "preconditioner.unit-variance-input"), "Var(c_in x_t) = ", "for sigma_data = 1");
    }

    @Test
    void unclaimedUnitVarianceIsSkippedAndANegativeScaleFails() {
        Preconditioner negative = new Preconditioner() {
            @Override public double inputScale(PathPoint p) { return -1; }
            @Override public double noiseInput(PathPoint p) { return 0; }
        };
        var checks = PreconditionerChecks.of(negative, ReferenceProcesses.all());
        assertSkipped(run(checks, "preconditioner.unit-variance-input"), "does not claim UNIT_VARIANCE_INPUT");
        assertFailed(run(checks, "preconditioner.finite-positive"), "input scale -1");
    }

    @Test
    void lossWeightsMustBeFiniteAndNonNegative() {
        LossWeighting snr = (p, target) -> p.alpha() * p.alpha() / (p.sigma() * p.sigma());
        assertPassed(run(LossWeightingChecks.of(snr, ReferenceProcesses.all()), "loss-weighting.finite-non-negative"));
        LossWeighting logSnr = (p, target) -> Math.log(p.alpha() / p.sigma());   // negative at high noise
        assertFailed(run(LossWeightingChecks.of(logSnr, ReferenceProcesses.all()), "loss-weighting.finite-non-negative"),
                "it must be finite and >= 0");
    }

    /** The mix-in, as a plugin author uses it. */
    @Nested
    class MixIn implements ParameterizationContract {
        @Override
        public Parameterization createParameterization() {
            return V;
        }
    }
}
