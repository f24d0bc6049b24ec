package org.difflab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.run;

import java.util.stream.Stream;
import org.difflab.api.ForwardProcess;
import org.difflab.api.VariancePreservingProcess;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.ForwardProcessContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ForwardProcessChecksTest {

    static Stream<NamedProcess> references() {
        return ReferenceProcesses.all().stream();
    }

    @ParameterizedTest
    @MethodSource("references")
    void referenceProcessesPassEveryCheck(NamedProcess named) {
        for (Check check : ForwardProcessChecks.of(named.process())) {
            assertPassed(check.run());
        }
    }

    /** The VP-like reference with sigma' replaced. */
    static ForwardProcess withSigmaDot(java.util.function.DoubleUnaryOperator sigmaDot) {
        ForwardProcess base = ReferenceProcesses.VP_LIKE;
        return new ForwardProcess() {
            @Override public double alpha(double t) { return base.alpha(t); }
            @Override public double sigma(double t) { return base.sigma(t); }
            @Override public double alphaDot(double t) { return base.alphaDot(t); }
            @Override public double sigmaDot(double t) { return sigmaDot.applyAsDouble(t); }
            @Override public double tMax() { return base.tMax(); }
            @Override public double samplingStart() { return base.samplingStart(); }
            @Override public double samplingEnd() { return base.samplingEnd(); }
            @Override public double timeAtNoiseLevel(double level) { return base.timeAtNoiseLevel(level); }
        };
    }

    @Test
    void wrongSigmaDotFailsTheDerivativeCheckWithBothValues() {
        // the slip (1 + t^2)^-1 for (1 + t^2)^-3/2
        ForwardProcess wrong = withSigmaDot(t -> 1.0 / (1.0 + t * t));
        Outcome outcome = run(ForwardProcessChecks.of(wrong), "process.derivatives");
        assertFailed(outcome, "sigma'(t = ", "but finite differences give", "relative error");
    }

    @Test
    void aFiftyPercentErrorInSigmaDotAlsoBreaksTheSimulatedMarginals() {
        // g^2 = 2 sigma sigma' - 2 f sigma^2 grows with sigma': the Euler-Maruyama paths' variance overshoots sigma^2
        ForwardProcess wrong = withSigmaDot(t -> 1.5 * ReferenceProcesses.VP_LIKE.sigmaDot(t));
        assertFailed(run(ForwardProcessChecks.of(wrong), "process.sde-marginals"), "the simulated paths have mean",
                "variance");
    }

    @Test
    void aPiecewiseLinearLogAlphaWithKinksPassesOnItsOneSidedDerivatives() {
        // log alpha linear on [k/10, (k+1)/10] with slopes -k - 1, as vp-discrete; the declared derivative at a knot is
        // the left segment's (probe times avoid exact knots, but land within h of none or of one)
        ForwardProcess kinked = new VariancePreservingProcess() {
            int segment(double t) { return (int) Math.max(0, Math.min(9, Math.ceil(t * 10) - 1)); }
            @Override public double logAlpha(double t) {
                int k = segment(t);
                double value = 0;
                for (int j = 0; j < k; j++) {
                    value -= (j + 1) * 0.1;
                }
                return value - (k + 1) * (t - k / 10.0);
            }
            @Override public double logAlphaDot(double t) { return -(segment(t) + 1); }
            @Override public double tMax() { return 1.0; }
            @Override public double samplingStart() { return 1.0; }
            @Override public double samplingEnd() { return 0.01; }
        };
        assertPassed(run(ForwardProcessChecks.of(kinked), "process.derivatives"));
        assertPassed(run(ForwardProcessChecks.of(kinked), "process.noise-level-inverse"));
    }

    @Test
    void aNoiseLevelThatFallsSomewhereFails() {
        ForwardProcess bump = new ForwardProcess() {
            // sigma = t + 0.5 sin(4t): not monotone on [0, 80]
            @Override public double alpha(double t) { return 1.0; }
            @Override public double sigma(double t) { return t + 0.6 * Math.sin(4 * t); }
            @Override public double alphaDot(double t) { return 0.0; }
            @Override public double sigmaDot(double t) { return 1 + 2.4 * Math.cos(4 * t); }
            @Override public double tMax() { return Double.POSITIVE_INFINITY; }
            @Override public double samplingStart() { return 80.0; }
            @Override public double samplingEnd() { return 0.002; }
        };
        assertFailed(run(ForwardProcessChecks.of(bump), "process.noise-level-rises"), "noise level does not rise");
    }

    @Test
    void anInverseThatMissesTheLevelFails() {
        ForwardProcess base = ReferenceProcesses.EDM_LIKE;
        ForwardProcess offByOne = new ForwardProcess() {
            @Override public double alpha(double t) { return 1.0; }
            @Override public double sigma(double t) { return t; }
            @Override public double alphaDot(double t) { return 0.0; }
            @Override public double sigmaDot(double t) { return 1.0; }
            @Override public double tMax() { return base.tMax(); }
            @Override public double samplingStart() { return 80.0; }
            @Override public double samplingEnd() { return 0.002; }
            @Override public double timeAtNoiseLevel(double level) { return level * 1.001; }
        };
        Outcome outcome = run(ForwardProcessChecks.of(offByOne), "process.noise-level-inverse");
        assertFailed(outcome, "timeAtNoiseLevel(", "whose noise level is");
    }

    @Test
    void finiteDifferencesAreExactForPolynomialsOfLowDegree() {
        // Richardson central differences are exact (to round-off) for cubics: a check of the estimator itself
        double estimate = ForwardProcessChecks.richardson(t -> t * t * t - 2 * t, 1.5, 1e-3, 0);
        assertThat(estimate).isCloseTo(3 * 1.5 * 1.5 - 2, org.assertj.core.data.Offset.offset(1e-9));
        double oneSided = ForwardProcessChecks.richardson(t -> t * t, 1.5, 1e-3, 1);
        assertThat(oneSided).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** The mix-in, as a plugin author uses it. */
    @Nested
    class MixIn implements ForwardProcessContract {
        @Override
        public ForwardProcess createProcess() {
            return ReferenceProcesses.FLOW_LIKE;
        }
    }
}
