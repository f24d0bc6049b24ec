package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

/**
 * (b) Each solver equals a published implementation's formula on the same grid, re-derived in test code
 * ({@link EdmReference}, {@link KDiffusionReference}, {@link ScoreSdeReference}, and DDIM/DDPM below),
 * given the same denoiser and, for stochastic samplers, the same noise draws.
 *
 * <p>Tolerance: 1e-12 relative to the output's largest entry. Both sides are float64 evaluations of the same
 * algebra in a different order (and through {@code Conversions} on one side only); over 10-20 steps the
 * rounding differences stay near 1e-14 relative, so 1e-12 has margin yet catches any error in a coefficient.
 */
class PublishedFormulaTest extends ArrayTest {

    private static final GaussianMixture DATA = Mixtures.THREE;
    private static final ForwardProcess EDM = TestProcesses.EDM;
    private static final ForwardProcess VP = TestProcesses.VP;
    private static final ForwardProcess LINEAR_VP = TestProcesses.LINEAR_VP;
    /** EDM's D(x~; sigma): the exact posterior mean at alpha = 1, noise level sigma. */
    private static NDArray denoiser(NDArray xTilde, double sigma) {
        return DATA.posteriorMean(xTilde, new PathPoint(sigma, 1.0, sigma, 0.0, 1.0));
    }

    private static void assertAgree(NDArray ours, NDArray theirs) {
        double scale = theirs.abs().max().getDouble();
        assertThat(Measure.maxAbs(ours, theirs)).isLessThanOrEqualTo(1e-12 * scale);
    }

    private NDArray run(Solver solver, ForwardProcess process, double[] grid, NDArray x, long seed) {
        return new TestContext(process, DATA, seed).integrate(solver, grid, x).x();
    }

    /** The noise a test context with this seed hands out, in the same order. */
    private static UnaryOperator<NDArray> noise(long seed) {
        Rng rng = new Rng(seed);
        return rng::normalLike;
    }

    private static double[] noiseLevels(ForwardProcess process, double[] grid) {
        return Arrays.stream(grid).map(process::noiseLevel).toArray();
    }

    // ---- EDM (NVlabs/edm ablation_sampler) ----

    @Test
    void rk2MatchesEdmsAblationSamplerWithAlpha() {
        for (double alpha : new double[] {0.5, 0.8, 1.0}) {
            for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
                EdmReference.Schedule schedule = process == EDM ? EdmReference.EDM : EdmReference.VP_SCALED;
                double[] grid = Grids.karras(process, 18, 0.002, 80, 7);
                NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
                NDArray ours = run(new Rk2Solver(new Rk2Solver.Options(alpha)), process, grid, x, 0);
                NDArray theirs = EdmReference.sample(schedule, PublishedFormulaTest::denoiser, x, grid, true, alpha,
                        0, 0, Double.POSITIVE_INFINITY, 1, null);
                assertAgree(ours, theirs);
            }
        }
    }

    /** EDM Algorithm 2 with churn on every step (s_min = 0, s_max = inf), so EDM draws noise on each step too. */
    @Test
    void edmStochasticMatchesEdmsAlgorithm2() {
        for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
            EdmReference.Schedule schedule = process == EDM ? EdmReference.EDM : EdmReference.VP_SCALED;
            double[] grid = Grids.karras(process, 18, 0.002, 40, 7);
            NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
            Solver solver = new EdmStochasticSolver(new EdmStochasticSolver.Options(30, 0, null, 1.007));
            NDArray ours = run(solver, process, grid, x, 9);
            NDArray theirs = EdmReference.sample(schedule, PublishedFormulaTest::denoiser, x, grid, true, 1.0,
                    30, 0, Double.POSITIVE_INFINITY, 1.007, noise(9));
            assertAgree(ours, theirs);
        }
    }

    /**
     * With s_churn = 0 EDM's Algorithm 2 is Algorithm 1 bit for bit. Euler-Maruyama with s = 0 is Euler, to a few
     * ulps: it forms x + h v from x0_hat, while Euler's step x + h v is one folded combination of x and x0_hat.
     */
    @Test
    void noiseFreeLimitsAreTheOdeSolvers() {
        double[] grid = Grids.karras(VP, 18, 0.002, 80, 7);
        NDArray x = Measure.prior(manager, VP, grid[0], 32, 2, 1);
        assertThat(run(new EdmStochasticSolver(new EdmStochasticSolver.Options(0, 0, null, 1)), VP, grid, x, 0)
                .toDoubleArray()).containsExactly(run(new HeunSolver(), VP, grid, x, 0).toDoubleArray());
        assertThat(Measure.ulpsApart(run(new EulerMaruyamaSolver(new EulerMaruyamaSolver.Options(0)), VP, grid, x, 0),
                run(new EulerSolver(), VP, grid, x, 0))).isLessThanOrEqualTo(8);
    }

    // ---- DDIM and DDPM with alphas_cumprod (Song et al. 2021; Ho et al. 2020) ----

    /**
     * DDIM eq. 12 with alphas_cumprod a_t = alpha(t)^2: x_prev = sqrt(a_prev) x0_pred + sqrt(1 - a_prev - s^2) eps
     * + s z, s = eta sqrt((1 - a_prev)/(1 - a_t)) sqrt(1 - a_t/a_prev), x0_pred = (x - sqrt(1 - a_t) eps)/sqrt(a_t),
     * with the model's eps = (x - sqrt(a_t) D)/sqrt(1 - a_t). At the end a_prev = alpha(0)^2 = 1
     * (diffusers' set_alpha_to_one).
     */
    private static NDArray ddimWithAlphasCumprod(ForwardProcess process, NDArray x, double[] grid, double eta,
            UnaryOperator<NDArray> noise) {
        for (int i = 0; i < grid.length - 1; i++) {
            double a = Math.pow(process.alpha(grid[i]), 2);
            double aPrev = Math.pow(process.alpha(grid[i + 1]), 2);
            NDArray d = denoiser(x.div(Math.sqrt(a)), Math.sqrt((1 - a) / a));
            NDArray eps = x.sub(d.mul(Math.sqrt(a))).div(Math.sqrt(1 - a));
            NDArray x0 = x.sub(eps.mul(Math.sqrt(1 - a))).div(Math.sqrt(a));
            double s = eta * Math.sqrt((1 - aPrev) / (1 - a)) * Math.sqrt(1 - a / aPrev);
            NDArray next = x0.mul(Math.sqrt(aPrev)).add(eps.mul(Math.sqrt(Math.max(1 - aPrev - s * s, 0))));
            x = s > 0 ? next.add(noise.apply(x).mul(s)) : next;
        }
        return x;
    }

    @Test
    void ddimIsSongEtAlsDdimWithAlphasCumprodForVp() {
        double[] grid = Grids.karras(LINEAR_VP, 15, LINEAR_VP.noiseLevel(1e-3), LINEAR_VP.noiseLevel(1.0), 7);
        NDArray x = Measure.prior(manager, LINEAR_VP, grid[0], 32, 2, 1);
        for (double eta : new double[] {0.0, 0.5, 1.0}) {
            NDArray ours = run(new DdimSolver(new DdimSolver.Options(eta)), LINEAR_VP, grid, x, 5);
            assertAgree(ours, ddimWithAlphasCumprod(LINEAR_VP, x, grid, eta, noise(5)));
        }
    }

    /**
     * DDPM's posterior (Ho et al. 2020, eq. 6-7) with beta_t = 1 - a_t/a_prev: mean
     * sqrt(a_prev) beta_t/(1 - a_t) x0 + sqrt(1 - beta_t)(1 - a_prev)/(1 - a_t) x_t, variance
     * (1 - a_prev)/(1 - a_t) beta_t.
     */
    @Test
    void ddpmAncestralIsHoEtAlsPosteriorWithAlphasCumprod() {
        double[] grid = Grids.karras(LINEAR_VP, 15, LINEAR_VP.noiseLevel(1e-3), LINEAR_VP.noiseLevel(1.0), 7);
        NDArray x = Measure.prior(manager, LINEAR_VP, grid[0], 32, 2, 1);
        UnaryOperator<NDArray> noise = noise(5);
        NDArray theirs = x;
        for (int i = 0; i < grid.length - 1; i++) {
            double a = Math.pow(LINEAR_VP.alpha(grid[i]), 2);
            double aPrev = Math.pow(LINEAR_VP.alpha(grid[i + 1]), 2);
            double beta = 1 - a / aPrev;
            NDArray x0 = denoiser(theirs.div(Math.sqrt(a)), Math.sqrt((1 - a) / a));
            NDArray mean = x0.mul(Math.sqrt(aPrev) * beta / (1 - a))
                    .add(theirs.mul(Math.sqrt(1 - beta) * (1 - aPrev) / (1 - a)));
            double variance = (1 - aPrev) / (1 - a) * beta;
            theirs = variance > 0 ? mean.add(noise.apply(theirs).mul(Math.sqrt(variance))) : mean;
        }
        assertAgree(run(new DdpmAncestralSolver(), LINEAR_VP, grid, x, 5), theirs);
    }

    /** The posterior sample is DDIM with eta = 1 on any affine path, given the same noise. */
    @Test
    void ddpmAncestralEqualsDdimWithEtaOne() {
        for (ForwardProcess process : new ForwardProcess[] {EDM, VP, LINEAR_VP, TestProcesses.FLOW}) {
            double[] grid = Grids.karras(process, 12, process.noiseLevel(process.samplingEnd()),
                    process.noiseLevel(process.samplingStart()), 7);
            NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
            assertAgree(run(new DdpmAncestralSolver(), process, grid, x, 3),
                    run(new DdimSolver(new DdimSolver.Options(1.0)), process, grid, x, 3));
        }
    }

    // ---- score SDE (yang-song/score_sde_pytorch) ----

    private static ScoreSdeReference.Score score(ForwardProcess process) {
        return (x, t) -> {
            double alpha = process.alpha(t);
            double sigma = process.sigma(t);
            NDArray d = denoiser(x.div(alpha), sigma / alpha);
            return x.sub(d.mul(alpha)).div(-sigma * sigma); // -(x - alpha x0_hat)/sigma^2
        };
    }

    private static ScoreSdeReference.Sde linearVpSde() {
        return ScoreSdeReference.vp(0.1, 20, t -> Math.pow(LINEAR_VP.alpha(t), 2));
    }

    /** Song et al.'s reverse SDE (stochasticity 1), on a grid ending at t = 1e-3 (no final PF-ODE step). */
    @Test
    void eulerMaruyamaIsScoreSdesPredictor() {
        Solver solver = new EulerMaruyamaSolver(new EulerMaruyamaSolver.Options(1));
        double[] vpGrid = Grids.karrasWithoutFinalStep(LINEAR_VP, 20, LINEAR_VP.noiseLevel(1e-3),
                LINEAR_VP.noiseLevel(1.0), 7);
        NDArray x = Measure.prior(manager, LINEAR_VP, vpGrid[0], 32, 2, 1);
        assertAgree(run(solver, LINEAR_VP, vpGrid, x, 7),
                ScoreSdeReference.eulerMaruyama(linearVpSde(), score(LINEAR_VP), x, vpGrid, noise(7)));
        double[] veGrid = Grids.karrasWithoutFinalStep(EDM, 20, 0.01, 50, 7);
        NDArray y = Measure.prior(manager, EDM, veGrid[0], 32, 2, 1);
        assertAgree(run(solver, EDM, veGrid, y, 7), ScoreSdeReference.eulerMaruyama(
                ScoreSdeReference.ve(t -> t, t -> 1), score(EDM), y, veGrid, noise(7)));
    }

    /** PC with the reverse-diffusion predictor and Langevin corrector, VE (SMLD) and VP (DDPM), to sigma = 0. */
    @Test
    void predictorCorrectorIsScoreSdesPcSampler() {
        for (int correctorSteps : new int[] {1, 2}) {
            Solver solver = new PredictorCorrectorSolver(new PredictorCorrectorSolver.Options(
                    PredictorCorrectorSolver.Predictor.REVERSE_DIFFUSION, 0.16, correctorSteps));
            double[] veGrid = Grids.karras(EDM, 20, 0.01, 50, 7);
            NDArray y = Measure.prior(manager, EDM, veGrid[0], 32, 2, 1);
            assertAgree(run(solver, EDM, veGrid, y, 7), ScoreSdeReference.pc(
                    ScoreSdeReference.ve(t -> t, t -> 1), score(EDM), y, veGrid, 0.16, correctorSteps, noise(7)));
            double[] vpGrid = Grids.karras(LINEAR_VP, 20, LINEAR_VP.noiseLevel(1e-3), LINEAR_VP.noiseLevel(1.0), 7);
            NDArray x = Measure.prior(manager, LINEAR_VP, vpGrid[0], 32, 2, 1);
            assertAgree(run(solver, LINEAR_VP, vpGrid, x, 7), ScoreSdeReference.pc(
                    linearVpSde(), score(LINEAR_VP), x, vpGrid, 0.16, correctorSteps, noise(7)));
        }
    }

    // ---- k-diffusion (crowsonkb/k-diffusion), in sigma-space on x~ = x/alpha ----

    /** Runs a k-diffusion sampler on x~ = x/alpha over the grid's noise levels and maps back by alpha(t_N). */
    private static NDArray viaKDiffusion(ForwardProcess process, double[] grid, NDArray x,
            java.util.function.BiFunction<NDArray, double[], NDArray> sampler) {
        NDArray tilde = sampler.apply(x.div(process.alpha(grid[0])), noiseLevels(process, grid));
        return tilde.mul(process.alpha(grid[grid.length - 1]));
    }

    @Test
    void dpmpp2mIsKDiffusionsSampleDpmpp2m() {
        for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
            double[] grid = Grids.karras(process, 15, 0.002, 80, 7);
            NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
            assertAgree(run(new DpmSolverPlusPlus2M(), process, grid, x, 0), viaKDiffusion(process, grid, x,
                    (y, sigmas) -> KDiffusionReference.dpmpp2m(PublishedFormulaTest::denoiser, y, sigmas)));
        }
    }

    /**
     * dpmpp-3m's first two steps (first order, then k-diffusion's Taylor second order) and its final step to 0
     * are k-diffusion's sample_dpmpp_3m_sde (eta = 0); from the third step the published formula differs (see
     * DpmSolverPlusPlus3MTest).
     */
    @Test
    void dpmpp3mStartsAndEndsLikeKDiffusion() {
        for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
            double[] grid = Arrays.copyOf(Grids.karras(process, 15, 0.002, 80, 7), 3);
            NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
            assertAgree(run(new DpmSolverPlusPlus3M(), process, grid, x, 0), viaKDiffusion(process, grid, x,
                    (y, sigmas) -> KDiffusionReference.dpmpp3m(PublishedFormulaTest::denoiser, y, sigmas)));
            double[] lastStep = {grid[1], 0.0};
            assertAgree(run(new DpmSolverPlusPlus3M(), process, lastStep, x, 0), viaKDiffusion(process, lastStep, x,
                    (y, sigmas) -> KDiffusionReference.dpmpp3m(PublishedFormulaTest::denoiser, y, sigmas)));
        }
    }

    /** k-diffusion's DPMSolver steps need sigma_min &gt; 0: compared on a grid ending at sigma = 0.01. */
    @Test
    void dpmSolverIsKDiffusionsDpmSolverSteps() {
        for (int order = 1; order <= 3; order++) {
            for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
                double[] grid = Grids.karrasWithoutFinalStep(process, 10, 0.01, 80, 7);
                NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
                int k = order;
                assertAgree(run(new DpmSolver(new DpmSolver.Options(order, FinalStep.EULER)), process, grid, x, 0),
                        viaKDiffusion(process, grid, x,
                                (y, sigmas) -> KDiffusionReference.dpmSolver(PublishedFormulaTest::denoiser, y, sigmas, k)));
            }
        }
    }

    /** Our final step to sigma = 0 is the limit of DPM-Solver-1 there: x = alpha x0_hat (= D on EDM's process). */
    @Test
    void dpmSolverEndsWithTheDenoisedSampleAndItsFirstOrderIsDdim() {
        double[] grid = Grids.karras(EDM, 10, 0.01, 80, 7);
        NDArray x = Measure.prior(manager, EDM, grid[0], 32, 2, 1);
        double[] upToLast = Arrays.copyOf(grid, grid.length - 1);
        for (int order = 1; order <= 3; order++) {
            int k = order;
            NDArray beforeLast = KDiffusionReference.dpmSolver(PublishedFormulaTest::denoiser, x, upToLast, k);
            assertAgree(run(new DpmSolver(new DpmSolver.Options(order, FinalStep.EULER)), EDM, grid, x, 0),
                    denoiser(beforeLast, upToLast[upToLast.length - 1]));
        }
        assertAgree(run(new DpmSolver(new DpmSolver.Options(1, FinalStep.EULER)), VP, Grids.karras(VP, 10, 0.01, 80, 7), x.mul(
                VP.alpha(80)), 0), run(new DdimSolver(new DdimSolver.Options(0)), VP, Grids.karras(VP, 10, 0.01, 80, 7),
                x.mul(VP.alpha(80)), 0));
    }

    @Test
    void lmsIsKDiffusionsSampleLms() {
        for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
            double[] grid = Grids.karras(process, 15, 0.002, 80, 7);
            NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
            assertAgree(run(new LmsSolver(new LmsSolver.Options(4)), process, grid, x, 0), viaKDiffusion(process,
                    grid, x, (y, sigmas) -> KDiffusionReference.lms(PublishedFormulaTest::denoiser, y, sigmas, 4)));
        }
    }

    /** sample_euler_ancestral with eta 1 (its default), 0.5 and 1.5 (above 1: more noise, capped), s_noise 1.1. */
    @Test
    void eulerAncestralIsKDiffusionsSampleEulerAncestral() {
        for (double eta : new double[] {1.0, 0.5, 1.5}) {
            for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
                double[] grid = Grids.karras(process, 15, 0.002, 80, 7);
                NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
                Solver solver = new EulerAncestralSolver(new EulerAncestralSolver.Options(eta, 1.1));
                assertAgree(run(solver, process, grid, x, 4), viaKDiffusion(process, grid, x, (y, sigmas) ->
                        KDiffusionReference.eulerAncestral(PublishedFormulaTest::denoiser, y, sigmas, eta, 1.1,
                                noise(4))));
            }
        }
    }

    /** Euler ancestral with eta = 1 is DDIM with eta = 1 (both are DDPM's posterior step), given the same noise. */
    @Test
    void eulerAncestralIsDdimWithEtaOne() {
        for (ForwardProcess process : new ForwardProcess[] {EDM, VP, LINEAR_VP}) {
            double[] grid = Grids.karras(process, 12, process.noiseLevel(process.samplingEnd()),
                    Math.min(80, process.noiseLevel(process.samplingStart())), 7);
            NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
            assertAgree(run(new EulerAncestralSolver(new EulerAncestralSolver.Options(1, 1)), process, grid, x, 3),
                    run(new DdimSolver(new DdimSolver.Options(1.0)), process, grid, x, 3));
        }
    }

    /** sample_dpmpp_2s_ancestral with eta 0 (dpmpp-2s), 1 and 1.5, on EDM, VP and the bisected linear VP. */
    @Test
    void dpmpp2sIsKDiffusionsSampleDpmpp2sAncestral() {
        for (double eta : new double[] {0.0, 1.0, 1.5}) {
            for (ForwardProcess process : new ForwardProcess[] {EDM, VP, LINEAR_VP}) {
                double[] grid = Grids.karras(process, 15, process.noiseLevel(process.samplingEnd()),
                        Math.min(80, process.noiseLevel(process.samplingStart())), 7);
                NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
                Solver solver = eta == 0 ? new DpmSolverPlusPlus2S()
                        : new DpmSolverPlusPlus2SAncestral(new DpmSolverPlusPlus2SAncestral.Options(eta, 1.1));
                NDArray theirs = viaKDiffusion(process, grid, x, (y, sigmas) -> KDiffusionReference.dpmpp2sAncestral(
                        PublishedFormulaTest::denoiser, y, sigmas, eta, 1.1, noise(4)));
                if (process == LINEAR_VP) {
                    // the midpoint's time is bisected there: the noise level reached differs by ~1e-13 relative
                    assertThat(Measure.maxAbs(run(solver, process, grid, x, 4), theirs)).isLessThan(1e-10);
                } else {
                    assertAgree(run(solver, process, grid, x, 4), theirs);
                }
            }
        }
    }

    /** sample_dpmpp_2m_sde, midpoint and heun, eta 1 (default) and 0.5, s_noise 1.1; eta = 0 is dpmpp-2m. */
    @Test
    void dpmpp2mSdeIsKDiffusionsSampleDpmpp2mSde() {
        for (DpmSolverPlusPlusMultistep.SecondOrderForm form : DpmSolverPlusPlusMultistep.SecondOrderForm.values()) {
            for (double eta : new double[] {1.0, 0.5}) {
                for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
                    double[] grid = Grids.karras(process, 15, 0.002, 80, 7);
                    NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
                    Solver solver = new DpmSolverPlusPlus2MSde(new DpmSolverPlusPlus2MSde.Options(eta, 1.1, form));
                    boolean heun = form == DpmSolverPlusPlusMultistep.SecondOrderForm.HEUN;
                    assertAgree(run(solver, process, grid, x, 4), viaKDiffusion(process, grid, x, (y, sigmas) ->
                            KDiffusionReference.dpmpp2mSde(PublishedFormulaTest::denoiser, y, sigmas, eta, 1.1, heun,
                                    noise(4))));
                }
            }
        }
        double[] grid = Grids.karras(VP, 15, 0.002, 80, 7);
        NDArray x = Measure.prior(manager, VP, grid[0], 32, 2, 1);
        assertThat(run(new DpmSolverPlusPlus2MSde(new DpmSolverPlusPlus2MSde.Options(0, 1,
                DpmSolverPlusPlusMultistep.SecondOrderForm.MIDPOINT)), VP, grid, x, 0).toDoubleArray())
                .containsExactly(run(new DpmSolverPlusPlus2M(), VP, grid, x, 0).toDoubleArray());
    }

    /**
     * sample_dpmpp_3m_sde as published (third-order term -phi3 d2) with eta 1 and 0.5, and with the corrected
     * term -2 phi3 d2 (the reference with factor 2); eta = 0 with the corrected term is dpmpp-3m.
     */
    @Test
    void dpmpp3mSdeIsKDiffusionsSampleDpmpp3mSdeWithEitherThirdOrderTerm() {
        for (DpmSolverPlusPlusMultistep.ThirdOrderTerm term : DpmSolverPlusPlusMultistep.ThirdOrderTerm.values()) {
            double factor = term == DpmSolverPlusPlusMultistep.ThirdOrderTerm.PUBLISHED ? 1 : 2;
            for (double eta : new double[] {1.0, 0.5, 0.0}) {
                for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
                    double[] grid = Grids.karras(process, 15, 0.002, 80, 7);
                    NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
                    Solver solver = new DpmSolverPlusPlus3MSde(new DpmSolverPlusPlus3MSde.Options(eta, 1.1, term));
                    assertAgree(run(solver, process, grid, x, 4), viaKDiffusion(process, grid, x, (y, sigmas) ->
                            KDiffusionReference.dpmpp3mSde(PublishedFormulaTest::denoiser, y, sigmas, eta, 1.1, factor,
                                    noise(4))));
                }
            }
        }
        double[] grid = Grids.karras(VP, 15, 0.002, 80, 7);
        NDArray x = Measure.prior(manager, VP, grid[0], 32, 2, 1);
        assertThat(run(new DpmSolverPlusPlus3MSde(new DpmSolverPlusPlus3MSde.Options(0, 1,
                DpmSolverPlusPlusMultistep.ThirdOrderTerm.CORRECTED)), VP, grid, x, 0).toDoubleArray())
                .containsExactly(run(new DpmSolverPlusPlus3M(), VP, grid, x, 0).toDoubleArray());
        assertAgree(run(new DpmSolverPlusPlus3M(new DpmSolverPlusPlus3M.Options(
                DpmSolverPlusPlusMultistep.ThirdOrderTerm.PUBLISHED)), VP, grid, x, 0), viaKDiffusion(VP, grid, x,
                (y, sigmas) -> KDiffusionReference.dpmpp3m(PublishedFormulaTest::denoiser, y, sigmas)));
    }

    /** sample_dpmpp_sde (eta 1 and 1.5, r 1/2 and 1/3) with the Brownian tree's joint law; eta = 0 is dpmpp-2s. */
    @Test
    void dpmppSdeIsKDiffusionsSampleDpmppSde() {
        for (double[] etaR : new double[][] {{1.0, 0.5}, {1.5, 0.5}, {1.0, 1.0 / 3}}) {
            for (ForwardProcess process : new ForwardProcess[] {EDM, VP, LINEAR_VP}) {
                double[] grid = Grids.karras(process, 15, process.noiseLevel(process.samplingEnd()),
                        Math.min(80, process.noiseLevel(process.samplingStart())), 7);
                NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
                Solver solver = new DpmSolverPlusPlusSde(new DpmSolverPlusPlusSde.Options(etaR[0], 1.1, etaR[1]));
                NDArray theirs = viaKDiffusion(process, grid, x, (y, sigmas) -> KDiffusionReference.dpmppSde(
                        PublishedFormulaTest::denoiser, y, sigmas, etaR[0], 1.1, etaR[1], noise(4)));
                // on the bisected linear VP the intermediate noise level differs by ~1e-13 relative
                double tolerance = process == LINEAR_VP ? 1e-10 : 1e-12 * theirs.abs().max().getDouble();
                assertThat(Measure.maxAbs(run(solver, process, grid, x, 4), theirs)).isLessThan(tolerance);
            }
        }
        double[] grid = Grids.karras(VP, 15, 0.002, 80, 7);
        NDArray x = Measure.prior(manager, VP, grid[0], 32, 2, 1);
        assertAgree(run(new DpmSolverPlusPlusSde(new DpmSolverPlusPlusSde.Options(0, 1, 0.5)), VP, grid, x, 0),
                run(new DpmSolverPlusPlus2S(), VP, grid, x, 0));
    }

    /** dpm-solver's multistep updates in noise prediction, both second-order forms, both third-order terms. */
    @Test
    void dpmSolverMultistepIsDpmSolversMultistepUpdate() {
        for (ForwardProcess process : new ForwardProcess[] {EDM, VP}) {
            double[] grid = Grids.karrasWithoutFinalStep(process, 12, 0.01, 80, 7);
            NDArray x = Measure.prior(manager, process, grid[0], 32, 2, 1);
            for (int order = 2; order <= 3; order++) {
                for (DpmSolverPlusPlusMultistep.SecondOrderForm form : DpmSolverPlusPlusMultistep.SecondOrderForm.values()) {
                    for (DpmSolverPlusPlusMultistep.ThirdOrderTerm term : DpmSolverPlusPlusMultistep.ThirdOrderTerm.values()) {
                        int k = order;
                        boolean taylor = form == DpmSolverPlusPlusMultistep.SecondOrderForm.HEUN;
                        double factor = term == DpmSolverPlusPlusMultistep.ThirdOrderTerm.PUBLISHED ? 1 : 2;
                        Solver solver = new DpmSolverMultistep(new DpmSolverMultistep.Options(order, form, term));
                        assertAgree(run(solver, process, grid, x, 0), viaKDiffusion(process, grid, x, (y, sigmas) ->
                                KDiffusionReference.dpmSolverMultistep(PublishedFormulaTest::denoiser, y, sigmas, k,
                                        taylor, factor)));
                    }
                }
            }
        }
    }
}
