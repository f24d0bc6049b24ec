package org.difflab.api.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.difflab.api.ForwardProcess;
import org.junit.jupiter.api.Test;

/**
 * The forward transition x_t | x_s of an affine path and its posterior: the definitions, the semigroup property,
 * Bayes' rule evaluated here by hand, the ends of a path, and agreement with the formulas the solvers used before
 * they shared this type.
 */
class MarkovTransitionTest {

    /** VP with beta = 1 (alpha = e^{-t/2}), EDM (alpha = 1, sigma = t), rectified flow (alpha = 1 - t, sigma = t). */
    private static final ForwardProcess[] PROCESSES = {
        process(t -> Math.exp(-t / 2), t -> Math.sqrt(-Math.expm1(-t)), 4.0),
        process(t -> 1.0, t -> t, 80.0),
        process(t -> 1.0 - t, t -> t, 1.0),
    };

    private static ForwardProcess process(java.util.function.DoubleUnaryOperator alpha,
            java.util.function.DoubleUnaryOperator sigma, double tMax) {
        return new ForwardProcess() {
            public double alpha(double t) { return alpha.applyAsDouble(t); }
            public double sigma(double t) { return sigma.applyAsDouble(t); }
            public double alphaDot(double t) { return Double.NaN; }
            public double sigmaDot(double t) { return Double.NaN; }
            public double tMax() { return tMax; }
            public double samplingStart() { return tMax; }
            public double samplingEnd() { return 1e-3 * tMax; }
        };
    }

    /** Pairs s &lt; t over the process's range, from adjacent to far apart. */
    private static List<double[]> pairs(ForwardProcess p) {
        List<double[]> pairs = new ArrayList<>();
        double top = p.tMax();
        for (double t : new double[] {0.01 * top, 0.2 * top, 0.5 * top, 0.9 * top, 0.999 * top}) {
            for (double fraction : new double[] {0.0, 0.1, 0.5, 0.9, 0.99}) {
                pairs.add(new double[] {fraction * t, t});
            }
        }
        return pairs;
    }

    /** The posterior mean at scalar x_t and x0. */
    private static double posteriorMean(MarkovTransition m, double xt, double x0) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return m.posteriorMean(manager.create(new double[] {xt}), manager.create(new double[] {x0})).getDouble(0);
        }
    }

    @Test
    void itIsTheTransitionOfThePath() {
        for (ForwardProcess p : PROCESSES) {
            for (double[] st : pairs(p)) {
                MarkovTransition m = MarkovTransition.between(p, st[0], st[1]);
                double alphaTs = p.alpha(st[1]) / p.alpha(st[0]);
                double sigmaT2 = p.sigma(st[1]) * p.sigma(st[1]);
                double direct = sigmaT2 - alphaTs * alphaTs * p.sigma(st[0]) * p.sigma(st[0]);
                assertThat(m.alphaTs()).isEqualTo(alphaTs);
                assertThat(m.variance()).as("%s %s", p, st[0]).isCloseTo(direct, within(4e-16 * sigmaT2));
                assertThat(m.std()).isCloseTo(Math.sqrt(m.variance()), within(1e-15 * p.sigma(st[1])));
            }
        }
    }

    /** Chapman-Kolmogorov: s to u then u to t is s to t (alpha_ts = alpha_tu alpha_us, variances add). */
    @Test
    void transitionsCompose() {
        for (ForwardProcess p : PROCESSES) {
            for (double[] st : pairs(p)) {
                double s = st[0];
                double t = st[1];
                double u = 0.5 * (s + t);
                MarkovTransition su = MarkovTransition.between(p, s, u);
                MarkovTransition ut = MarkovTransition.between(p, u, t);
                MarkovTransition st2 = MarkovTransition.between(p, s, t);
                assertThat(ut.alphaTs() * su.alphaTs()).isCloseTo(st2.alphaTs(), within(1e-15 * st2.alphaTs()));
                double composed = ut.alphaTs() * ut.alphaTs() * su.variance() + ut.variance();
                assertThat(composed).isCloseTo(st2.variance(), within(1e-14 * p.sigma(t) * p.sigma(t)));
            }
        }
    }

    /**
     * q(x_s | x_t, x0) by Bayes' rule on x_s ~ N(alpha_s x0, sigma_s^2) and x_t | x_s ~ N(alpha_ts x_s, sigma_ts^2):
     * precision 1/sigma_s^2 + alpha_ts^2/sigma_ts^2, mean (alpha_s x0/sigma_s^2 + alpha_ts x_t/sigma_ts^2)/precision.
     */
    @Test
    void thePosteriorIsBayesRule() {
        for (ForwardProcess p : PROCESSES) {
            for (double[] st : pairs(p)) {
                if (st[0] == 0) {
                    continue; // sigma_s = 0: the posterior is the point alpha_s x0, checked at the ends below
                }
                MarkovTransition m = MarkovTransition.between(p, st[0], st[1]);
                double alphaS = p.alpha(st[0]);
                double sigmaS = p.sigma(st[0]);
                double sigmaT = p.sigma(st[1]);
                double alphaTs = p.alpha(st[1]) / alphaS;
                double varTs = sigmaT * sigmaT - alphaTs * alphaTs * sigmaS * sigmaS;
                if (varTs < 1e-6 * sigmaT * sigmaT) {
                    continue; // s next to t: the direct difference has lost the digits Bayes' rule needs
                }
                double precision = 1 / (sigmaS * sigmaS) + alphaTs * alphaTs / varTs;
                double onX0 = alphaS / (sigmaS * sigmaS) / precision;
                double onXt = alphaTs / varTs / precision;
                double xt = 0.7;
                double x0 = -1.3;
                assertThat(posteriorMean(m, xt, x0)).isCloseTo(onXt * xt + onX0 * x0, within(1e-12));
                assertThat(m.posteriorStd()).isCloseTo(Math.sqrt(1 / precision), within(1e-12 * sigmaS));
            }
        }
    }

    /** Data at s (sigma_s = 0): the posterior is the point alpha_s x0. Pure noise at t (alpha_t = 0): x_t says nothing. */
    @Test
    void theEndsOfAPathAreFinite() {
        ForwardProcess flow = PROCESSES[2];
        MarkovTransition fromData = MarkovTransition.between(flow, 0.0, 0.5);
        assertThat(fromData.posteriorStd()).isZero();
        assertThat(fromData.addedVarianceFraction()).isEqualTo(1.0);
        MarkovTransition toNoise = MarkovTransition.between(flow, 0.5, 1.0);
        assertThat(toNoise.alphaTs()).isZero();
        assertThat(toNoise.variance()).isEqualTo(1.0);
        assertThat(posteriorMean(toNoise, 3.0, 2.0)).isEqualTo(1.0); // alpha_s x0 = 0.5 * 2, nothing from x_t
        assertThat(toNoise.posteriorStd()).isEqualTo(0.5);
    }

    /**
     * The coefficients agree with the direct formulas the solvers used before sharing this type (ddpm-ancestral's and
     * pc's 1 - (alpha_ts sigma_s/sigma_t)^2, ddim's noise levels, edm-stochastic's alpha_hat sqrt(l_hat^2 - l^2)) to
     * ~1e-15 of the quantities' scale: only the order of the arithmetic changed.
     */
    @Test
    void theCoefficientsAgreeWithTheSolversFormerArithmetic() {
        double worst = 0;
        for (ForwardProcess p : PROCESSES) {
            for (double[] st : pairs(p)) {
                double s = st[0];
                double t = st[1];
                MarkovTransition m = MarkovTransition.between(p, s, t);
                // ddpm-ancestral and pc (reverse diffusion)
                double carried = p.alpha(t) / p.alpha(s) * p.sigma(s) / p.sigma(t);
                double fresh = Math.max(1.0 - carried * carried, 0.0);
                double sigmaT = p.sigma(t);
                double sigmaS = p.sigma(s);
                double[][] pairs = {
                    {m.addedVarianceFraction(), fresh, 1},
                    {m.posteriorStd(), Math.sqrt(fresh) * sigmaS, sigmaS},
                    {m.variance(), sigmaT * sigmaT * fresh, sigmaT * sigmaT},
                    // edm-stochastic's churn from s to t: alpha_t sqrt(l_t^2 - l_s^2)
                    {m.std(), p.alpha(t) * Math.sqrt(Math.max(Math.pow(p.noiseLevel(t), 2)
                            - Math.pow(p.noiseLevel(s), 2), 0)), sigmaT},
                    // ddim (eta = 1): alpha_s l_s sqrt(1 - (l_s/l_t)^2)
                    {m.posteriorStd(), p.alpha(s) * p.noiseLevel(s) * Math.sqrt(Math.max(1 - Math.pow(
                            p.noiseLevel(s) / p.noiseLevel(t), 2), 0)), sigmaS}};
                for (double[] pair : pairs) {
                    double deviation = pair[2] == 0 ? Math.abs(pair[0] - pair[1]) : Math.abs(pair[0] - pair[1]) / pair[2];
                    worst = Math.max(worst, deviation);
                }
                worst = Math.max(worst, Math.abs(posteriorMean(m, 1.0, 0.0) - carried * sigmaS / sigmaT));
            }
        }
        assertThat(worst).isLessThan(2e-15);
    }
}
