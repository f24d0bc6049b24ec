package org.difflab.plugins.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.ConsistencyParameterization;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Preconditioning;
import org.difflab.api.model.Condition;
import org.difflab.api.model.Network;
import org.difflab.api.sampling.NoiseLevels;
import org.difflab.api.training.TrainingContext;

/**
 * What consistency distillation and training share: the discretisation of the noise levels and the consistency
 * function f(x, t) = skip x + out F(in x; noise) of a network, each example at its own time, with the run's
 * {@link Preconditioning} (the {@code consistency} parameterization gives Song et al.'s c_skip/c_out, so that
 * f(x, sigma_min) = x exactly).
 */
final class ConsistencyFunction {

    private final TrainingContext context;

    /**
     * The consistency function of {@code context}'s network. With a parameterization other than a
     * {@link ConsistencyParameterization} f is the network's denoiser and has no boundary condition (the objective
     * still runs, as in the contract suite, but nothing anchors f to the data).
     */
    ConsistencyFunction(TrainingContext context) {
        this.context = context;
    }

    /** The option checks both objectives share: a noise range that is not empty, an EMA decay in [0, 1). */
    static void checkOptions(double sigmaMin, double sigmaMax, double emaDecay) {
        if (!(sigmaMin < sigmaMax)) {
            throw new InvalidOptionException("sigma_min", "sigma_min (" + sigmaMin + ") must be below sigma_max ("
                    + sigmaMax + ")");
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new InvalidOptionException("ema_decay", "ema_decay must be in [0, 1), got " + emaDecay);
        }
    }

    /**
     * Karras et al.'s discretisation as consistency models use it (Song et al. 2023, section 5): N levels
     * sigma_i = (sigma_min^(1/rho) + i/(N-1) (sigma_max^(1/rho) - sigma_min^(1/rho)))^rho, ascending, i = 0..N-1.
     */
    static double[] levels(int count, double sigmaMin, double sigmaMax, double rho) {
        if (count < 2) {
            throw new InvalidOptionException("steps", "the discretisation needs at least 2 noise levels, got " + count);
        }
        double[] descending = NoiseLevels.karras(count, sigmaMin, sigmaMax, rho);
        double[] ascending = new double[count];
        for (int i = 0; i < count; i++) {
            ascending[i] = descending[count - 1 - i];
        }
        return ascending;
    }

    /**
     * The discretisation on this run's process: {@link #levels} between sigma_min and sigma_max held to the noise
     * levels the process reaches (as EDM's log-normal is truncated to them): on Song's VE process, [0.01, 50]. The
     * consistency parameterization's sigma_min should then be the range's lower end.
     */
    double[] levelsOnProcess(int count, double sigmaMin, double sigmaMax, double rho) {
        ForwardProcess process = context.process();
        double lowest = process.noiseLevel(process.tMin());
        double highest = Double.isFinite(process.tMax()) ? process.noiseLevel(process.tMax()) : Double.POSITIVE_INFINITY;
        double lo = Math.max(sigmaMin, lowest);
        double hi = Math.min(sigmaMax, highest);
        if (!(lo < hi)) {
            throw new InvalidOptionException("sigma_min", "[sigma_min, sigma_max] = [" + sigmaMin + ", " + sigmaMax
                    + "] does not overlap this process's noise levels [" + lowest + ", " + highest + "]");
        }
        return levels(count, lo, hi, rho);
    }

    /** The process time of each noise level (refused with the option's name if the process cannot reach it). */
    double[] times(double[] levels, String key) {
        double[] times = new double[levels.length];
        for (int i = 0; i < levels.length; i++) {
            try {
                times[i] = context.process().timeAtNoiseLevel(levels[i]);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException(key, "noise level " + levels[i] + " is outside this process's range: "
                        + e.getMessage());
            }
        }
        return times;
    }

    /** x_t = alpha(t_i) x0 + sigma(t_i) z for each example i at its own time. */
    NDArray noisy(NDArray x0, NDArray z, double[] times, NDManager manager) {
        int n = times.length;
        float[] alpha = new float[n];
        float[] sigma = new float[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = (float) context.process().alpha(times[i]);
            sigma[i] = (float) context.process().sigma(times[i]);
        }
        Shape column = column(x0, n);
        return x0.mul(manager.create(alpha, column)).add(z.mul(manager.create(sigma, column)));
    }

    /** f(x_i, t_i) of {@code network} for each example i, recording gradients if {@code training}. */
    NDArray f(Network network, NDArray x, double[] times, Condition condition, boolean training, NDManager manager) {
        int n = times.length;
        float[] skip = new float[n];
        float[] out = new float[n];
        float[] in = new float[n];
        float[] noise = new float[n];
        for (int i = 0; i < n; i++) {
            Preconditioning c = Preconditioning.at(PathPoint.of(context.process(), times[i]),
                    context.parameterization(), context.preconditioner());
            skip[i] = (float) c.skip();
            out[i] = (float) c.out();
            in[i] = (float) c.in();
            noise[i] = (float) c.noise();
        }
        Shape column = column(x, n);
        NDArray output = network.forward(x.mul(manager.create(in, column)), manager.create(noise), condition,
                training);
        return x.mul(manager.create(skip, column)).add(output.mul(manager.create(out, column)));
    }

    /** [batch, 1, ..., 1]: per-example coefficients broadcast over the sample's axes. */
    private static Shape column(NDArray x, int n) {
        long[] dims = new long[x.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = n;
        return new Shape(dims);
    }

    /** theta^- &lt;- mu theta^- + (1 - mu) theta, without gradients (the EMA target of Song et al. 2023, Alg. 2). */
    static void moveTowards(Network target, Network online, double decay) {
        var from = online.parameters();
        target.parameters().forEach((name, weight) -> {
            try (NDArray step = from.get(name).sub(weight)) {
                weight.addi(step.muli(1.0 - decay));
            }
        });
    }
}
