package org.difflab.plugins.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.LossWeighting;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.junit.jupiter.api.Test;

class LossWeightingTest {

    private static final double SIGMA_DATA = 0.5;
    private static final double GAMMA = 5.0;

    private static Map<String, LossWeighting> weightings() {
        Map<String, LossWeighting> w = new LinkedHashMap<>();
        w.put("uniform", new UniformWeighting());
        w.put("snr", new SnrWeighting());
        w.put("min-snr-gamma", new MinSnrGammaWeighting(new MinSnrGammaWeighting.Options(GAMMA)));
        w.put("edm", new EdmWeighting(new EdmWeighting.Options(SIGMA_DATA)));
        w.put("likelihood", new LikelihoodWeighting());
        return w;
    }

    /** EDM's target from the paper: F = (x0 - c_skip x~)/c_out, x~ = x0 + sigma eps (Karras et al. 2022, eq. 7-8). */
    private static LinearTarget edmTarget(PathPoint p) {
        double sigma = p.noiseLevel();
        double sd2 = SIGMA_DATA * SIGMA_DATA;
        double cSkip = sd2 / (sigma * sigma + sd2);
        double cOut = sigma * SIGMA_DATA / Math.sqrt(sigma * sigma + sd2);
        return new LinearTarget((1 - cSkip) / cOut, -cSkip * sigma / cOut);
    }

    private static Map<String, LinearTarget> targets(PathPoint p) {
        Map<String, LinearTarget> t = new LinkedHashMap<>();
        t.put("eps", LinearTarget.EPS);
        t.put("x0", LinearTarget.X0);
        t.put("v", new LinearTarget(-p.sigma(), p.alpha()));   // Salimans and Ho (2022)
        t.put("velocity", LinearTarget.velocity(p));
        t.put("score", LinearTarget.score(p));
        t.put("edm", edmTarget(p));
        return t;
    }

    /** The weightings' definitions on the denoiser error, from the papers (the API's convention). */
    private static double lambdaX0(String name, ForwardProcess process, PathPoint p) {
        double snr = p.alpha() * p.alpha() / (p.sigma() * p.sigma());
        double sigma = p.noiseLevel();
        return switch (name) {
            case "snr" -> snr;
            case "min-snr-gamma" -> Math.min(snr, GAMMA);
            case "edm" -> (sigma * sigma + SIGMA_DATA * SIGMA_DATA) / Math.pow(sigma * SIGMA_DATA, 2);
            // g^2 on the score error; score = -eps/sigma and eps = (x_t - alpha x0)/sigma: score error
            // = (alpha/sigma^2) x0 error.
            case "likelihood" -> process.diffusionSquared(p.t()) * Math.pow(p.alpha() / (p.sigma() * p.sigma()), 2);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Test
    void weightsAreFiniteAndNonNegativeInsideEachProcessRange() {
        for (ForwardProcess process : TestProcesses.all()) {
            for (double t : TestProcesses.interiorTimes(process)) {
                PathPoint p = PathPoint.of(process, t);
                weightings().forEach((name, weighting) -> targets(p).forEach((target, coefficients) -> {
                    double w = weighting.weight(p, coefficients);
                    assertThat(w).as("%s on %s at %s t=%s", name, target, process, t).isFinite()
                            .isGreaterThanOrEqualTo(0.0);
                }));
            }
        }
    }

    @Test
    void targetWeightIsTheDenoiserWeightOverTheSquaredErrorScale() {
        // The API's rule: weight on target = lambda_x0 / errorScale(x0 -> target)^2.
        for (ForwardProcess process : TestProcesses.all()) {
            for (double t : TestProcesses.interiorTimes(process)) {
                PathPoint p = PathPoint.of(process, t);
                for (String name : new String[] {"snr", "min-snr-gamma", "edm", "likelihood"}) {
                    LossWeighting weighting = weightings().get(name);
                    double lambda = lambdaX0(name, process, p);
                    targets(p).forEach((target, coefficients) -> {
                        double k = Conversions.errorScale(p, LinearTarget.X0, coefficients);
                        double expected = lambda / (k * k);
                        // Two orders of the same products: agreement to ~1e-12 relative; the VP near t = 1e-4
                        // loses a few more digits in 1 - alpha^2, hence 1e-9.
                        assertThat(weighting.weight(p, coefficients)).as("%s on %s at %s t=%s", name, target, process, t)
                                .isCloseTo(expected, within(1e-9 * Math.abs(expected)));
                    });
                }
            }
        }
    }

    @Test
    void snrIsTheUniformEpsLoss() {
        for (ForwardProcess process : TestProcesses.all()) {
            for (double t : TestProcesses.interiorTimes(process)) {
                PathPoint p = PathPoint.of(process, t);
                assertThat(new SnrWeighting().weight(p, LinearTarget.EPS)).isCloseTo(1.0, within(1e-12));
                // EDM Table 1 (VP, VE): lambda(sigma) = 1/sigma^2 in the noise level, on the denoiser error.
                double sigma = p.noiseLevel();
                assertThat(new SnrWeighting().weight(p, LinearTarget.X0) * sigma * sigma).isCloseTo(1.0, within(1e-9));
            }
        }
    }

    @Test
    void minSnrGammaMatchesHangEtAlOnEpsAndOnVForVp() {
        ForwardProcess vp = TestProcesses.vp();
        LossWeighting minSnr = new MinSnrGammaWeighting(new MinSnrGammaWeighting.Options(GAMMA));
        int clamped = 0;
        for (double t : TestProcesses.interiorTimes(vp)) {
            PathPoint p = PathPoint.of(vp, t);
            double snr = Math.exp(2 * vp.halfLogSnr(t));
            LinearTarget v = new LinearTarget(-p.sigma(), p.alpha());
            // diffusers train_text_to_image: min(SNR, gamma)/SNR for eps, min(SNR, gamma)/(SNR + 1) for v.
            assertThat(minSnr.weight(p, LinearTarget.EPS)).isCloseTo(Math.min(snr, GAMMA) / snr, within(1e-9));
            assertThat(minSnr.weight(p, v)).isCloseTo(Math.min(snr, GAMMA) / (snr + 1), within(1e-9));
            clamped += snr > GAMMA ? 1 : 0;
        }
        assertThat(clamped).as("the grid covers both sides of SNR = gamma").isBetween(1, 40);
    }

    @Test
    void edmWeightOnTheEdmTargetIsExactlyOne() {
        LossWeighting edm = new EdmWeighting(new EdmWeighting.Options(SIGMA_DATA));
        for (ForwardProcess process : new ForwardProcess[] {TestProcesses.edm(), TestProcesses.vp()}) {
            for (double t : TestProcesses.interiorTimes(process)) {
                PathPoint p = PathPoint.of(process, t);
                // lambda c_out^2 = 1 (k-diffusion's 'karras' c_weight); round-off only.
                assertThat(edm.weight(p, edmTarget(p))).as("%s t=%s", process, t).isCloseTo(1.0, within(1e-12));
                // On eps: lambda sigma^2 = 1 + sigma^2/sigma_data^2.
                double sigma = p.noiseLevel();
                assertThat(edm.weight(p, LinearTarget.EPS)).isCloseTo(1 + sigma * sigma / (SIGMA_DATA * SIGMA_DATA),
                        within(1e-9 * (1 + sigma * sigma / (SIGMA_DATA * SIGMA_DATA))));
            }
        }
    }

    @Test
    void likelihoodWeightIsBetaOverSigmaSquaredOnEpsForVp() {
        ForwardProcess vp = TestProcesses.vp();
        LossWeighting likelihood = new LikelihoodWeighting();
        for (double t : TestProcesses.interiorTimes(vp)) {
            PathPoint p = PathPoint.of(vp, t);
            // VP: g^2 = beta(t) (Song et al. 2021, eq. 11); on eps: g^2/sigma^2; on the score: g^2.
            double beta = TestProcesses.vpBeta(t);
            assertThat(p.diffusionSquared()).isCloseTo(beta, within(1e-10 * beta));
            assertThat(p.diffusionSquared()).isCloseTo(vp.diffusionSquared(t), within(1e-13 * beta));
            double onEps = beta / (p.sigma() * p.sigma());
            assertThat(likelihood.weight(p, LinearTarget.EPS)).isCloseTo(onEps, within(1e-9 * onEps));
            assertThat(likelihood.weight(p, LinearTarget.score(p))).isCloseTo(beta, within(1e-9 * beta));
        }
        // EDM: g^2 = d sigma^2/dt = 2t.
        PathPoint edm = PathPoint.of(TestProcesses.edm(), 3.0);
        assertThat(likelihood.weight(edm, LinearTarget.score(edm))).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void singularPointsAreReportedNotReturned() {
        PathPoint clean = PathPoint.of(TestProcesses.vp(), 0.0);
        assertThatThrownBy(() -> new LikelihoodWeighting().weight(clean, LinearTarget.EPS))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("likelihood");
        // x0 does not determine eps where sigma = 0.
        assertThatThrownBy(() -> new SnrWeighting().weight(clean, LinearTarget.X0))
                .isInstanceOf(ArithmeticException.class);
        // Where they stay finite they are returned: the uniform eps loss at sigma = 0 is still 1, and min-SNR on
        // the velocity at the pure-noise end of rectified flow (alpha = 0, SNR = 0) is finite.
        assertThat(new SnrWeighting().weight(clean, LinearTarget.EPS)).isEqualTo(1.0);
        PathPoint noise = PathPoint.of(TestProcesses.rectifiedFlow(), 1.0);
        assertThat(new MinSnrGammaWeighting(new MinSnrGammaWeighting.Options(GAMMA))
                .weight(noise, LinearTarget.velocity(noise))).isFinite();
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new MinSnrGammaWeighting.Options(0.0))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("gamma"));
        assertThatThrownBy(() -> new EdmWeighting.Options(Double.POSITIVE_INFINITY))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("sigma_data"));
    }
}
