package org.difflab.tck;

import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.assertSkipped;
import static org.difflab.tck.Outcomes.run;

import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.difflab.api.Capability;
import org.difflab.api.ForwardProcess;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.math.Rng;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.NoiseDistributionContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NoiseDistributionChecksTest {

    /** Times uniform on [samplingEnd, samplingStart], drawn as end + (start - end) u^power, declared uniform. */
    static NoiseDistribution drawingPower(double power, Set<Capability> capabilities) {
        return new NoiseDistribution() {
            @Override
            public double sampleTime(Rng rng, ForwardProcess p) {
                return p.samplingEnd() + (p.samplingStart() - p.samplingEnd()) * Math.pow(rng.nextDouble(), power);
            }

            @Override
            public Optional<DoubleUnaryOperator> timeCdf(ForwardProcess p) {
                double lo = p.samplingEnd();
                double hi = p.samplingStart();
                return Optional.of(t -> Math.min(1, Math.max(0, (t - lo) / (hi - lo))));
            }

            @Override
            public Set<Capability> capabilities() {
                return capabilities;
            }
        };
    }

    @Test
    void uniformDrawsMatchTheirUniformCdf() {
        var checks = NoiseDistributionChecks.of(drawingPower(1, Set.of(Capability.CLOSED_FORM_CDF)),
                ReferenceProcesses.all());
        for (Check check : checks) {
            assertPassed(check.run());
        }
    }

    @Test
    void drawsFromAnotherDensityFailKolmogorovSmirnovWithTheStatistic() {
        // u^1.5 against the uniform CDF: D = max_u (u - u^1.5) = 4/27 ~ 0.148 at u = 4/9, five times the critical 0.0308
        // at n = 4000 (sampling noise moves D by ~0.02)
        var checks = NoiseDistributionChecks.of(drawingPower(1.5, Set.of(Capability.CLOSED_FORM_CDF)),
                ReferenceProcesses.all());
        assertFailed(run(checks, "noise-distribution.matches-cdf"), "Kolmogorov-Smirnov statistic D = 0.1",
                "exceeds the critical value 0.0308");
    }

    @Test
    void withoutTheClaimTheCdfIsNotChecked() {
        var checks = NoiseDistributionChecks.of(drawingPower(2, Set.of()), ReferenceProcesses.all());
        assertSkipped(run(checks, "noise-distribution.matches-cdf"), "does not claim CLOSED_FORM_CDF");
    }

    @Test
    void drawsOutsideTheTimeRangeFail() {
        NoiseDistribution beyond = (rng, p) -> p.samplingStart() * 1.5;
        assertFailed(run(NoiseDistributionChecks.of(beyond, ReferenceProcesses.all()), "noise-distribution.in-range"),
                "outside [tMin, tMax]");
    }

    /** The mix-in, as a plugin author uses it. */
    @Nested
    class MixIn implements NoiseDistributionContract {
        @Override
        public NoiseDistribution createNoiseDistribution() {
            return drawingPower(1, Set.of(Capability.CLOSED_FORM_CDF));
        }
    }
}
