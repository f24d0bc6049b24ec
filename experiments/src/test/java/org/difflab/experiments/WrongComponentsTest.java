package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.difflab.experiments.wrong.ExcessNoiseSolver;
import org.difflab.experiments.wrong.FalseOrderSolver;
import org.difflab.experiments.wrong.HeunToDataSolver;
import org.difflab.experiments.wrong.NonMonotoneSchedule;
import org.difflab.experiments.wrong.WrongDensityNoise;
import org.difflab.experiments.wrong.WrongSigmaDotProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code difflab verify} on a plugin jar of deliberately wrong components: it exits with 1 and its report names, for
 * each component, the contract check that fails and the measured value.
 */
class WrongComponentsTest {

    @TempDir
    static Path dir;

    static Cli.Result result;

    @BeforeAll
    static void verifyTheWrongComponents() {
        Path jar = PluginJars.build(dir.resolve("wrong-components.jar"), "wrong-components", ">=0.1.0",
                List.of(WrongSigmaDotProcess.class, FalseOrderSolver.class, HeunToDataSolver.class,
                        ExcessNoiseSolver.class, NonMonotoneSchedule.class, WrongDensityNoise.class));
        result = Cli.run("verify", jar.toString());
    }

    /** The report section of one component: from its header line to the next component's. */
    private static String section(String kind, String id) {
        String out = result.out();
        int start = out.indexOf("  " + kind + " " + id + "  (");
        assertThat(start).as("report section of %s %s in\n%s", kind, id, out).isNotNegative();
        int end = out.indexOf("\n  ", out.indexOf('\n', start) + 1);
        while (end >= 0 && out.startsWith("    ", end + 1)) {
            end = out.indexOf("\n  ", end + 1);
        }
        return end < 0 ? out.substring(start) : out.substring(start, end);
    }

    @Test
    void exitsWithOneAndSaysNotVerified() {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("NOT verified");
    }

    @Test
    void wrongSigmaDotIsCaughtByTheDerivativeCheckWithTheMeasuredValues() {
        // sigma'(t) declared as 1/(1 + t^2); the truth is (1 + t^2)^-3/2: at t = 1 they are 0.5 and 0.354.
        // The report names the probe that deviates most: there declared and measured values differ by a factor > 1.1.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "FAIL\\s+process\\.derivatives\\s+sigma'\\(t = [0-9.e+-]+\\) = ([0-9.e+-]+) but finite differences give"
                        + " ([0-9.e+-]+) \\(relative error [0-9.e+-]+\\)").matcher(section("process", "wrong-sigma-dot"));
        assertThat(m.find()).as(section("process", "wrong-sigma-dot")).isTrue();
        assertThat(Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2))).isGreaterThan(1.1);
    }

    @Test
    void theWrongProcessIsNotUsedToCheckTheOtherComponents() {
        assertThat(result.out()).contains("(not used for other components' checks: wrong-sigma-dot (fails"
                + " process.derivatives");
        assertThat(section("solver", "false-order")).containsPattern("PASS\\s+solver\\.every-process");
    }

    @Test
    void firstOrderSolverClaimingOrderTwoIsCaughtWithTheMeasuredOrder() {
        assertThat(section("solver", "false-order")).containsPattern(
                "FAIL\\s+solver\\.order\\s+declared order 2 but measured (0\\.9|1\\.0|1\\.1)[0-9]* on edm-like");
    }

    @Test
    void aDenoiserCallAtSigmaZeroIsCaughtWithTheRefusedTime() {
        // the platform's loop refuses the corrector's call at t_N = tMin on the final step of a 10-step grid to data
        assertThat(section("solver", "heun-to-data")).containsPattern(
                "FAIL\\s+solver\\.denoiser-times\\s+on \\S+ \\(10-step grid to tMin\\): solver 'heun-to-data' asked for"
                        + " x0_hat at t=[0-9.e+-]+ in step 10 of 10 \\(t = [0-9.e+-]+ -> [0-9.e+-]+\\),"
                        + " where sigma\\(t\\) = 0");
    }

    @Test
    void stochasticSolverSamplingTheWrongDistributionIsCaughtByTheTwoSampleTest() {
        // 5x the posterior's noise: the samples' variance is several times the mixture's, far beyond 4 standard
        // errors at every step count tried
        String section = section("solver", "excess-noise");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("FAIL\\s+solver\\.distribution\\s+its samples of the"
                + " reference mixture do not match fresh draws of it on edm-like even with 1024 steps .*variance of x0:"
                + " ([0-9.]+) vs reference ([0-9.]+) \\(([0-9.]+) standard errors\\)").matcher(section);
        assertThat(m.find()).as(section).isTrue();
        assertThat(Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2))).isGreaterThan(2);
        assertThat(Double.parseDouble(m.group(3))).isGreaterThan(4);
    }

    @Test
    void nonMonotoneScheduleIsCaughtWithTheOffendingTimes() {
        assertThat(section("schedule", "non-monotone")).containsPattern(
                "FAIL\\s+schedule\\.decreasing\\s+not strictly decreasing on \\S+: t\\[1\\] = [0-9.e+-]+, t\\[2\\] = ");
    }

    @Test
    void noiseDistributionDrawingFromTheWrongDensityIsCaughtByKolmogorovSmirnov() {
        // u^2 against the uniform CDF: D = max(u - u^2... ) = 1/4 at u = 1/2, far above 1.949/sqrt(4000) = 0.0308
        assertThat(section("noise distribution", "wrong-density")).containsPattern(
                "FAIL\\s+noise-distribution\\.matches-cdf\\s+Kolmogorov-Smirnov statistic D = 0\\.2[0-9]* on \\S+"
                        + " exceeds the critical value 0\\.0308");
    }

    @Test
    void correctChecksOfTheSameComponentsStillPass() {
        // the mistakes are caught by the checks they violate, not by everything: e.g. the Heun correcting at sigma = 0
        // has the right order (measured on grids ending above 0), the false-order solver's NFE is right
        assertThat(section("solver", "heun-to-data")).containsPattern("PASS\\s+solver\\.order");
        assertThat(section("solver", "false-order")).containsPattern("PASS\\s+solver\\.nfe");
        assertThat(section("schedule", "non-monotone")).containsPattern("PASS\\s+schedule\\.length");
        assertThat(section("solver", "excess-noise")).containsPattern("PASS\\s+solver\\.nfe")
                .containsPattern("PASS\\s+solver\\.stochastic-claim").containsPattern("PASS\\s+solver\\.every-process");
    }
}
