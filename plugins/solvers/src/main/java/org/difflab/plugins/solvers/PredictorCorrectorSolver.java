package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.math.MarkovTransition;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * The predictor-corrector sampler of Song et al. (2021, Algorithm 1-3; score_sde sampling.get_pc_sampler). At
 * each grid time t_i (i &lt; N) it runs {@code corrector_steps} Langevin corrector steps at t_i, then one
 * predictor step to t_{i+1}.
 *
 * <p>Corrector (score_sde LangevinCorrector): with score s = grad log p_t(x) = -eps_hat/sigma and fresh
 * z ~ N(0, I), the step size is eps = 2 a (snr ||z|| / ||s||)^2, with ||.|| the per-sample L2 norm averaged
 * over the batch exactly as score_sde does (so the step size is shared by the batch), then
 * x &larr; x + eps s + sqrt(2 eps) z. score_sde takes a = 1 for VE and a = 1 - beta_i (DDPM's per-step
 * signal retention) for VP; for any affine path we take a = alpha_ts^2 = (alpha(t_i)/alpha(t_{i+1}))^2, exactly
 * 1 - beta_i for VP's DDPM discretization and 1 for VE.
 *
 * <p>Predictors: {@code reverse_diffusion} (score_sde ReverseDiffusionPredictor) discretises the forward
 * process as its exact Markov transition x_t = alpha_ts x_s + sigma_ts w ({@link MarkovTransition}: alpha_ts =
 * alpha_t/alpha_s, sigma_ts^2 = sigma_t^2 - alpha_ts^2 sigma_s^2; score_sde's DDPM and SMLD discretizations are
 * this for VP and VE) and takes x &larr; (2 - alpha_ts) x + sigma_ts^2 s + sigma_ts z; {@code euler_maruyama} is
 * {@link EulerMaruyamaSolver}'s step with s = 1; {@code none} leaves x unchanged (annealed Langevin
 * dynamics). On the final step no noise is added (score_sde's noise removal): reverse diffusion returns its
 * mean, Euler-Maruyama takes its probability-flow Euler step, and {@code none} returns the denoised
 * alpha(t_N) x0_hat(x, t_{N-1}).
 *
 * <p>NFE = N (corrector_steps + 1) with a predictor; N corrector_steps + 1 with {@code none}.
 */
@Extension
@Component(id = "pc", summary = "Predictor-corrector sampler of Song et al. (2021) with a Langevin corrector")
public final class PredictorCorrectorSolver implements Solver {

    /** The predictor of a predictor-corrector sampler. */
    public enum Predictor {
        /** score_sde's ReverseDiffusionPredictor on the exact Markov discretization of the path. */
        REVERSE_DIFFUSION,
        /** Euler-Maruyama on Song et al.'s reverse SDE. */
        EULER_MARUYAMA,
        /** No predictor: corrector steps only (annealed Langevin dynamics). */
        NONE
    }

    /** Options of {@link PredictorCorrectorSolver}. */
    public record Options(
            @Param(doc = "predictor step between grid times", defaultValue = "reverse_diffusion")
            Predictor predictor,
            @Param(doc = "signal-to-noise ratio r of the Langevin step size 2 a (r ||z|| / ||score||)^2",
                    defaultValue = "0.16", min = 0) double snr,
            @Param(doc = "Langevin corrector steps at each grid time before the predictor", defaultValue = "1",
                    min = 0) int correctorSteps) {}

    private final Options options;

    /** A predictor-corrector sampler. */
    public PredictorCorrectorSolver(Options options) {
        this.options = options;
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.STOCHASTIC);
    }

    @Override
    public Stepper start(Integration run) {
        if (options.predictor() == Predictor.EULER_MARUYAMA) {
            run.requireFiniteStart("pc with the euler_maruyama predictor"); // g^2 infinite at alpha = 0
        }
        return this::step;
    }

    private NDArray step(Step step, NDArray x) {
        double t = step.t();
        ForwardProcess process = step.process();
        boolean last = step.isFinal();
        MarkovTransition transition = MarkovTransition.between(process, step.tNext(), t);
        double a = transition.alphaTs() * transition.alphaTs();
        for (int k = 0; k < options.correctorSteps(); k++) {
            x = langevin(step, x, a);
        }
        return switch (options.predictor()) {
            case EULER_MARUYAMA -> EulerMaruyamaSolver.reverseSdeStep(step, x, last ? 0.0 : 1.0);
            case REVERSE_DIFFUSION -> reverseDiffusion(step, x, transition, last);
            case NONE -> last ? step.x0(x, t).mul(process.alpha(step.tNext())) : x;
        };
    }

    private static NDArray score(Step step, NDArray x) {
        return step.score(x, step.t(), step.x0(x, step.t()));
    }

    private NDArray langevin(Step step, NDArray x, double a) {
        NDArray score = score(step, x);
        NDArray z = step.gaussianLike(x);
        double scoreNorm = meanRowNorm(score);
        double noiseNorm = meanRowNorm(z);
        if (!(scoreNorm > 0)) {
            return x; // a vanishing score leaves nothing to correct (and would give an infinite step)
        }
        double ratio = options.snr() * noiseNorm / scoreNorm;
        double stepSize = 2.0 * a * ratio * ratio;
        return x.add(score.mul(stepSize)).add(z.mul(Math.sqrt(2.0 * stepSize)));
    }

    /** The per-sample L2 norm over all non-batch axes, averaged over the batch (score_sde's grad_norm). */
    private static double meanRowNorm(NDArray a) {
        long batch = a.getShape().get(0);
        // read as float64: in a float32 run the scalar is float32, which getDouble() refuses
        return a.reshape(batch, -1).square().sum(new int[] {1}).sqrt().mean()
                .toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    private static NDArray reverseDiffusion(Step step, NDArray x, MarkovTransition transition, boolean last) {
        double transitionVariance = transition.variance(); // sigma_ts^2
        NDArray mean = x.mul(2.0 - transition.alphaTs()).add(score(step, x).mul(transitionVariance));
        if (last || !(transitionVariance > 0)) {
            return mean;
        }
        return mean.add(step.gaussianLike(x).mul(transition.std()));
    }
}
