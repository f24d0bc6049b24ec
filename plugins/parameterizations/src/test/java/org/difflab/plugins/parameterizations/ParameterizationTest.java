package org.difflab.plugins.parameterizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Parameterization;
import org.difflab.api.math.Combination;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pf4j.Extension;

class ParameterizationTest {

    private static final Parameterization EPS = new EpsParameterization();
    private static final Parameterization X0 = new X0Parameterization();
    private static final Parameterization SCORE = new ScoreParameterization(new ScoreParameterization.Options(false));
    private static final Parameterization SCALED_SCORE =
            new ScoreParameterization(new ScoreParameterization.Options(true));
    private static final Parameterization VELOCITY = new VelocityParameterization();
    private static final Parameterization V = new VPredictionParameterization();

    /**
     * Round-off bound of one conversion, in units of the magnitudes involved: building x_t and F (2 products
     * and a sum each), det, the two coefficients (no cancellation in det for these targets and paths: its two
     * terms have equal signs) and applying the combination are about 10 roundings, each at most u = 2^-53
     * relative to the largest term it touches. 64 ulp(1) = 128 u leaves a margin of ~10 over that, while any
     * wrong coefficient gives errors of order 1.
     */
    private static final double ROUND_OFF = 64 * Math.ulp(1.0);

    static Stream<Arguments> roundTrips() {
        List<Arguments> cases = new ArrayList<>();
        Parameterization[] all = {EPS, X0, SCORE, SCALED_SCORE, VELOCITY, V};
        String[] names = {"eps", "x0", "score", "score(scale_by_sigma)", "velocity", "v"};
        // Time ranges avoid only the exact endpoints, where sigma = 0 (score, x0) or alpha = 0 (eps) is singular.
        for (int i = 0; i < all.length; i++) {
            cases.add(Arguments.of(TestPaths.EDM, 0.002, 80.0, true, names[i], all[i]));
            cases.add(Arguments.of(TestPaths.VP, 0.002, 80.0, true, names[i], all[i]));
            cases.add(Arguments.of(TestPaths.RECTIFIED_FLOW, 0.001, 0.999, false, names[i], all[i]));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{4} on {0}")
    @MethodSource("roundTrips")
    void recoversX0AndEpsFromXtAndTarget(ForwardProcess process, double tLow, double tHigh, boolean logUniform,
            String name, Parameterization parameterization) {
        Rng rng = new Rng(20240611L);
        for (int trial = 0; trial < 2000; trial++) {
            double u = rng.nextDouble();
            double t = logUniform ? tLow * Math.pow(tHigh / tLow, u) : tLow + (tHigh - tLow) * u;
            double x0 = 3.0 * rng.nextGaussian();
            double eps = rng.nextGaussian();
            PathPoint p = PathPoint.of(process, t);
            LinearTarget target = parameterization.target(p);
            double x = p.alpha() * x0 + p.sigma() * eps;
            double f = target.a() * x0 + target.b() * eps;

            Combination toX0 = Conversions.convert(p, target, LinearTarget.X0);
            Combination toEps = Conversions.convert(p, target, LinearTarget.EPS);
            double xMagnitude = Math.abs(p.alpha() * x0) + Math.abs(p.sigma() * eps);
            double fMagnitude = Math.abs(target.a() * x0) + Math.abs(target.b() * eps);

            double x0Scale = Math.abs(toX0.onX()) * xMagnitude + Math.abs(toX0.onOther()) * fMagnitude;
            double epsScale = Math.abs(toEps.onX()) * xMagnitude + Math.abs(toEps.onOther()) * fMagnitude;
            assertThat(toX0.apply(x, f)).as("x0 at t=%s", t).isCloseTo(x0, within(ROUND_OFF * x0Scale));
            assertThat(toEps.apply(x, f)).as("eps at t=%s", t).isCloseTo(eps, within(ROUND_OFF * epsScale));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.002, 0.1, 1.0, 7.5, 80.0})
    void edmTable1ScalingsOnAlphaOne(double sigma) {
        PathPoint p = PathPoint.of(TestPaths.EDM, sigma);
        // Karras et al. 2022, Table 1: VP column (eps-prediction) c_skip = 1, c_out = -sigma.
        assertScalings(Conversions.skipAndOutScale(p, EPS.target(p)), 1.0, -sigma);
        // VE column (score_sde's scale_by_sigma score model): c_skip = 1, c_out = sigma.
        assertScalings(Conversions.skipAndOutScale(p, SCALED_SCORE.target(p)), 1.0, sigma);
        // The unscaled score regresses -eps/sigma, so its output scale is sigma^2.
        assertScalings(Conversions.skipAndOutScale(p, SCORE.target(p)), 1.0, sigma * sigma);
        // A plain denoiser: c_skip = 0, c_out = 1.
        assertScalings(Conversions.skipAndOutScale(p, X0.target(p)), 0.0, 1.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.002, 0.1, 1.0, 7.5, 80.0})
    void edmScalingsOnVpPathAreInTheNoiseLevel(double t) {
        PathPoint p = PathPoint.of(TestPaths.VP, t);
        double level = t; // the test VP path's noise level sigma/alpha is t
        // EDM's c_skip/c_out act on x~ = x_t/alpha, so they depend on the noise level only: eps keeps (1, -sigma).
        assertScalings(Conversions.skipAndOutScale(p, EPS.target(p)), 1.0, -level);
        // v-prediction is EDM's preconditioning with sigma_data = 1 and a negative output:
        // c_skip = 1/(sigma^2 + 1), c_out = -sigma/sqrt(sigma^2 + 1) (Salimans & Ho 2022; k-diffusion VDenoiser).
        assertScalings(Conversions.skipAndOutScale(p, V.target(p)), 1.0 / (level * level + 1.0),
                -level / Math.sqrt(level * level + 1.0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.002, 0.3, 1.0, 4.0, 80.0})
    void vPredictionGivesX0AsAlphaXMinusSigmaVOnVp(double t) {
        PathPoint p = PathPoint.of(TestPaths.VP, t);
        // Salimans & Ho 2022, eq. for x_hat: x0 = alpha z - sigma v when alpha^2 + sigma^2 = 1.
        Combination toX0 = Conversions.convert(p, V.target(p), LinearTarget.X0);
        assertThat(toX0.onX()).isCloseTo(p.alpha(), within(4 * Math.ulp(1.0)));
        assertThat(toX0.onOther()).isCloseTo(-p.sigma(), within(4 * Math.ulp(1.0)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.25, 0.5, 0.9, 1.0})
    void velocityGivesFlowMatchingIdentityOnRectifiedFlow(double t) {
        PathPoint p = PathPoint.of(TestPaths.RECTIFIED_FLOW, t);
        // v = eps - x0 and x_t = (1-t) x0 + t eps give x0 = x_t - t v, including at t = 1 (pure noise).
        assertThat(VELOCITY.target(p)).isEqualTo(new LinearTarget(-1.0, 1.0));
        Combination toX0 = Conversions.convert(p, VELOCITY.target(p), LinearTarget.X0);
        assertThat(toX0.onX()).isCloseTo(1.0, within(2 * Math.ulp(1.0)));
        assertThat(toX0.onOther()).isCloseTo(-t, within(2 * Math.ulp(1.0)));
    }

    @Test
    void epsIsSingularWhereAlphaIsZero() {
        PathPoint pureNoise = PathPoint.of(TestPaths.RECTIFIED_FLOW, 1.0);
        assertThat(Conversions.determinant(pureNoise, EPS.target(pureNoise))).isZero();
        assertThatThrownBy(() -> Conversions.convert(pureNoise, EPS.target(pureNoise), LinearTarget.X0))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("does not determine x0");
        // The velocity, v and x0 targets stay regular there.
        for (Parameterization regular : List.of(VELOCITY, V, X0)) {
            assertThat(Conversions.determinant(pureNoise, regular.target(pureNoise))).isNotZero();
        }
    }

    @Test
    void componentsCarryTheirIds() {
        assertThat(idOf(EpsParameterization.class)).isEqualTo("eps");
        assertThat(idOf(X0Parameterization.class)).isEqualTo("x0");
        assertThat(idOf(ScoreParameterization.class)).isEqualTo("score");
        assertThat(idOf(VelocityParameterization.class)).isEqualTo("velocity");
        assertThat(idOf(VPredictionParameterization.class)).isEqualTo("v");
        assertThat(idOf(EdmParameterization.class)).isEqualTo("edm");
    }

    private static String idOf(Class<?> type) {
        assertThat(type.isAnnotationPresent(Extension.class)).as("%s has @Extension", type).isTrue();
        return type.getAnnotation(Component.class).id();
    }

    /** Scalings are a few roundings from the exact formula: 8 ulp relative to their magnitude. */
    private static void assertScalings(double[] skipAndOut, double cSkip, double cOut) {
        assertThat(skipAndOut[0]).as("c_skip").isCloseTo(cSkip, within(8 * Math.ulp(Math.max(1.0, Math.abs(cSkip)))));
        assertThat(skipAndOut[1]).as("c_out").isCloseTo(cOut, within(8 * Math.ulp(Math.abs(cOut))));
    }
}
