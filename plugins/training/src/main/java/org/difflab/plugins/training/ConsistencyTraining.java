package org.difflab.plugins.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.TrainingObjective;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Network;
import org.difflab.api.training.ObjectiveRun;
import org.difflab.api.training.TrainingBatch;
import org.difflab.api.training.TrainingContext;
import org.pf4j.Extension;

/**
 * Consistency training without a teacher, with the improved choices of Song &amp; Dhariwal (2023): the pair
 * x_{i+1} = x0 + sigma_{i+1} z, x_i = x0 + sigma_i z shares its noise (Song et al. 2023, Algorithm 3), and
 * <pre>  loss = lambda(sigma_i) d(f_theta(x_{i+1}, sigma_{i+1}), stopgrad f_theta(x_i, sigma_i))</pre>
 * with
 * <ul>
 *   <li>the curriculum N(k) = min(s0 2^floor(k/K'), s1) + 1 levels at step k of K, K' = floor(K/(log2 floor(s1/s0)
 *       + 1)) (section 3.5; s0 = 10, s1 = 1280);</li>
 *   <li>the index i drawn with p(i) proportional to erf((ln sigma_{i+1} - P_mean)/(sqrt 2 P_std)) - erf((ln sigma_i -
 *       P_mean)/(sqrt 2 P_std)) (section 3.5; P_mean = -1.1, P_std = 2.0);</li>
 *   <li>pseudo-Huber distance with c = 0.00054 sqrt(d) (section 3.3);</li>
 *   <li>no EMA target: theta- = theta with a stopped gradient (ema_decay 0, section 3.2);</li>
 *   <li>lambda(sigma_i) = 1/(sigma_{i+1} - sigma_i) (section 3.4).</li>
 * </ul>
 * Levels are Karras et al.'s with rho = 7 on [0.002, 80], in the process's own coordinates x_t = alpha x0 + sigma z
 * at the times of those noise levels. Train with {@code parameterization: consistency}; sample with
 * {@code solver: consistency}.
 */
@Extension
@Component(id = "consistency-training", summary = "improved consistency training (Song & Dhariwal 2023), no teacher")
public final class ConsistencyTraining implements TrainingObjective {

    /** Options of {@link ConsistencyTraining}. */
    public record Options(
            @Param(doc = "s0, the initial number of discretisation steps of the curriculum", defaultValue = "10",
                    min = 1) int initialSteps,
            @Param(doc = "s1, the final number of discretisation steps (doubling from s0)", defaultValue = "1280",
                    min = 1) int finalSteps,
            @Param(doc = "P_mean: mean of ln sigma of the index distribution", defaultValue = "-1.1") double pMean,
            @Param(doc = "P_std: standard deviation of ln sigma of the index distribution", defaultValue = "2.0",
                    min = 0, exclusiveMin = true) double pStd,
            @Param(doc = "smallest noise level (the consistency function's boundary)", defaultValue = "0.002",
                    min = 0, exclusiveMin = true) double sigmaMin,
            @Param(doc = "largest noise level", defaultValue = "80", min = 0, exclusiveMin = true) double sigmaMax,
            @Param(doc = "rho of Karras et al.'s discretisation", defaultValue = "7", min = 0, exclusiveMin = true)
            double rho,
            @Param(doc = "EMA decay mu of the target network (0: the online network, with a stopped gradient)",
                    defaultValue = "0", min = 0, max = 1) double emaDecay,
            @Param(doc = "distance d: pseudo_huber (c = 0.00054 sqrt(d)) or l2 (squared)",
                    defaultValue = "pseudo_huber") ConsistencyDistance distance,
            @Param(doc = "lambda(sigma_i): reciprocal (1/(sigma_{i+1} - sigma_i)) or uniform",
                    defaultValue = "reciprocal") ConsistencyWeighting weighting) {
        public Options {
            if (finalSteps < initialSteps) {
                throw new InvalidOptionException("final_steps", "final_steps (" + finalSteps + ") must be at least"
                        + " initial_steps (" + initialSteps + ")");
            }
            ConsistencyFunction.checkOptions(sigmaMin, sigmaMax, emaDecay);
        }
    }

    private final Options options;

    /** Improved consistency training with the given choices. */
    public ConsistencyTraining(Options options) {
        this.options = options;
    }

    /**
     * N(k), the number of noise levels at step k (from 0) of {@code total}: min(s0 2^floor(k/K'), s1) + 1 with
     * K' = floor(K/(log2 floor(s1/s0) + 1)) (Song &amp; Dhariwal 2023, eq. 6).
     */
    int levelCount(int k, int total) {
        int s0 = options.initialSteps();
        int s1 = options.finalSteps();
        int doublings = 31 - Integer.numberOfLeadingZeros(s1 / s0);   // floor(log2 floor(s1/s0))
        int stage = Math.max(1, total / (doublings + 1));
        long steps = (long) s0 << Math.min(30, k / stage);
        return (int) Math.min(steps, s1) + 1;
    }

    /**
     * The index distribution over the N - 1 pairs (sigma_i, sigma_{i+1}): p(i) proportional to Phi(z_{i+1}) -
     * Phi(z_i), z = (ln sigma - P_mean)/P_std (the erf differences of the paper, erf(x/sqrt 2) = 2 Phi(x) - 1).
     * Returns the cumulative distribution.
     */
    double[] indexCdf(double[] levels) {
        int pairs = levels.length - 1;
        double[] cdf = new double[pairs];
        double total = 0;
        double below = StandardNormal.cdf((Math.log(levels[0]) - options.pMean()) / options.pStd());
        for (int i = 0; i < pairs; i++) {
            double above = StandardNormal.cdf((Math.log(levels[i + 1]) - options.pMean()) / options.pStd());
            total += above - below;
            cdf[i] = total;
            below = above;
        }
        for (int i = 0; i < pairs; i++) {
            cdf[i] /= total;
        }
        cdf[pairs - 1] = 1.0;
        return cdf;
    }

    @Override
    public ObjectiveRun start(TrainingContext context) {
        ConsistencyFunction function = new ConsistencyFunction(context);
        Network target = options.emaDecay() > 0 ? context.extraNetwork("target") : null;
        return new ObjectiveRun() {
            @Override
            public NDArray loss(TrainingBatch batch) {
                return trainingLoss(context, function, target, batch);
            }

            @Override
            public void afterUpdate(int step) {
                if (target != null) {
                    ConsistencyFunction.moveTowards(target, context.network(), options.emaDecay());
                }
            }
        };
    }

    private NDArray trainingLoss(TrainingContext context, ConsistencyFunction function, Network target,
            TrainingBatch batch) {
        int count = levelCount(batch.step() - 1, context.totalSteps());
        double[] levels = function.levelsOnProcess(count, options.sigmaMin(), options.sigmaMax(), options.rho());
        double[] times = function.times(levels, "sigma_min");
        double[] cdf = indexCdf(levels);
        int size = batch.size();
        Rng rng = batch.rng();
        double[] upper = new double[size];
        double[] lower = new double[size];
        float[] weight = new float[size];
        for (int e = 0; e < size; e++) {
            double u = rng.nextDouble();
            int i = 0;
            while (cdf[i] < u) {
                i++;
            }
            upper[e] = times[i + 1];
            lower[e] = times[i];
            weight[e] = (float) options.weighting().of(levels[i], levels[i + 1]);
        }
        NDManager manager = batch.manager();
        NDArray z = rng.split(2).normal(manager, batch.x0().getShape(), DataType.FLOAT32);
        NDArray student = function.f(context.network(), function.noisy(batch.x0(), z, upper, manager), upper,
                batch.condition(), true, manager);
        Network targetNetwork = target != null ? target : context.network();
        NDArray anchor = function.f(targetNetwork, function.noisy(batch.x0(), z, lower, manager), lower,
                batch.condition(), false, manager).stopGradient();
        return options.distance().between(student, anchor).mul(manager.create(weight)).mean();
    }
}
