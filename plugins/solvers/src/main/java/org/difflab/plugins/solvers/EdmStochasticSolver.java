package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.math.MarkovTransition;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * EDM's stochastic sampler (Karras et al. 2022, Algorithm 2; EDM:generate.py edm_sampler and, for general
 * scaling, ablation_sampler). Each step first "churns": it raises the noise level sigma_i = sigma/alpha at t_i
 * by gamma = min(s_churn/N, sqrt(2) - 1) when s_min &lt;= sigma_i &lt;= s_max, to sigma_hat = sigma_i (1 + gamma)
 * at t_hat = process.timeAtNoiseLevel(sigma_hat), adding exactly the missing noise (the forward transition from
 * t_i to t_hat, {@link MarkovTransition}):
 * <pre>  x_hat = (alpha(t_hat)/alpha(t_i)) x + alpha(t_hat) sqrt(sigma_hat^2 - sigma_i^2) s_noise z,</pre>
 * then takes a Heun step from t_hat to t_{i+1} (Euler on the final step; {@link HeunSolver}'s
 * stepper). With s_churn = 0 it is
 * {@code heun} exactly and draws no noise; noise is drawn only on churned steps. NFE = 2N - 1.
 *
 * <p>Where sigma_hat exceeds the process's largest noise level (finite tMax, e.g. a VP process churned near
 * its start), t_hat is clamped to tMax and the added noise is that of the reachable level noiseLevel(tMax):
 * the step churns less, but stays on the process's marginals instead of evaluating the model outside its
 * range.
 */
@Extension
@Component(id = "edm-stochastic", summary = "EDM Algorithm 2: churned Heun (s_churn, s_min, s_max, s_noise)")
public final class EdmStochasticSolver implements Solver {

    /** Options of {@link EdmStochasticSolver}. */
    public record Options(
            @Param(doc = "total churn S_churn; each step raises the noise level by gamma = min(s_churn/N,"
                    + " sqrt(2) - 1)", defaultValue = "0", min = 0) double sChurn,
            @Param(doc = "smallest noise level sigma/alpha at which steps are churned", defaultValue = "0", min = 0)
            double sMin,
            @Param(doc = "largest noise level sigma/alpha at which steps are churned (default: no bound)", min = 0)
            Double sMax,
            @Param(doc = "scale of the added noise S_noise (slightly above 1 counters denoiser bias)",
                    defaultValue = "1", min = 0) double sNoise) {
        public Options {
            if (sMax != null && sMax < sMin) {
                throw new InvalidOptionException("s_max", "s_max (" + sMax + ") must be at least s_min (" + sMin
                        + ")");
            }
        }
    }

    private final Options options;

    /** EDM's stochastic sampler with the given churn. */
    public EdmStochasticSolver(Options options) {
        this.options = options;
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public Set<Capability> capabilities() {
        return options.sChurn() > 0 ? Set.of(Capability.STOCHASTIC) : Set.of();
    }

    @Override
    public Stepper start(Integration run) {
        return this::step;
    }

    private NDArray step(Step step, NDArray x) {
        double t = step.t();
        ForwardProcess process = step.process();
        double level = process.noiseLevel(t);
        double sMax = options.sMax() == null ? Double.POSITIVE_INFINITY : options.sMax();
        int steps = step.run().steps(); // EDM: gamma = min(S_churn / num_steps, sqrt(2) - 1)
        // No churn at an infinite noise level (alpha = 0, e.g. flow matching's t = 1): nothing to add there.
        double gamma = Double.isFinite(level) && options.sMin() <= level && level <= sMax
                ? Math.min(options.sChurn() / steps, Math.sqrt(2.0) - 1.0) : 0.0;
        if (!(gamma > 0)) {
            return HeunSolver.step(step, step.t(), x, false);
        }
        double levelHat = level * (1.0 + gamma);
        double tHat = levelHat < process.noiseLevel(process.tMax()) ? process.timeAtNoiseLevel(levelHat)
                : process.tMax();
        tHat = Math.max(tHat, t); // a bisected inverse may land an ulp below t
        // the forward transition from t to t_hat; its noise level is levelHat up to the inverse's rounding, or the clamp
        MarkovTransition churn = MarkovTransition.between(process, t, tHat);
        NDArray xHat = x.mul(churn.alphaTs()).add(step.gaussianLike(x).mul(churn.std() * options.sNoise()));
        return HeunSolver.step(step, tHat, xHat, false);
    }
}
