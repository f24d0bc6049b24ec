package org.difflab.examples.modelside;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.TrainingObjective;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Preconditioning;
import org.difflab.api.math.Rng;
import org.difflab.api.training.ObjectiveRun;
import org.difflab.api.training.TrainingBatch;
import org.difflab.api.training.TrainingContext;
import org.pf4j.Extension;

/**
 * The Min-SNR-gamma loss (Hang et al. 2023, "Efficient Diffusion Training via Min-SNR Weighting Strategy"), written as
 * EDM's loss reads (Karras et al. 2022, eq. 2 and 8):
 * <pre>  E_{sigma ~ p_train, x0, n ~ N(0, sigma^2 I)} [ lambda(sigma) ||D(x0 + n; sigma) - x0||^2 ],
 *   lambda(sigma) = min(SNR, gamma),  SNR = 1/sigma^2,  ln sigma ~ N(p_mean, p_std^2),</pre>
 * with sigma EDM's noise level sigma_t/alpha (so SNR = alpha^2/sigma_t^2) and D the network's denoiser
 * D = skip x_t + out F(in x_t; noise) of {@link Preconditioning}, whatever the run's target and input scaling.
 * Clamping the x0 weight at gamma stops the nearly clean noise levels, where SNR is huge, from dominating the
 * gradient (Hang et al.: gamma = 5). The loss averages over examples and coordinates.
 */
@Extension
@Component(id = "min-snr", summary = "Min-SNR-gamma (Hang et al. 2023): min(1/sigma^2, gamma) ||D(x_t) - x0||^2 with"
        + " EDM's log-normal noise levels")
public final class MinSnrLoss implements TrainingObjective {

    /** Redraws of a noise level outside the process's range before the options are declared unfit. */
    static final int REDRAWS = 1000;

    /** Options of {@link MinSnrLoss}. */
    public record Options(
            @Param(doc = "the clamp gamma on the x0 weight SNR = 1/sigma^2 (Hang et al. 2023 use 5)",
                    defaultValue = "5", min = 0, exclusiveMin = true) double gamma,
            @Param(doc = "mean of ln sigma (EDM: -1.2)", defaultValue = "-1.2") double pMean,
            @Param(doc = "standard deviation of ln sigma (EDM: 1.2)", defaultValue = "1.2", min = 0,
                    exclusiveMin = true) double pStd) {
        public Options {
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new InvalidOptionException("gamma", "gamma must be a finite number > 0, got " + gamma);
            }
            if (!Double.isFinite(pMean)) {
                throw new InvalidOptionException("p_mean", "p_mean must be finite, got " + pMean);
            }
            if (!(pStd > 0) || Double.isInfinite(pStd)) {
                throw new InvalidOptionException("p_std", "p_std must be a finite number > 0, got " + pStd);
            }
        }
    }

    private final Options options;

    /** The loss with clamp gamma and EDM's log-normal noise levels of the given mean and spread. */
    public MinSnrLoss(Options options) {
        this.options = options;
    }

    @Override
    public ObjectiveRun start(TrainingContext context) {
        return batch -> loss(context, batch);
    }

    private NDArray loss(TrainingContext context, TrainingBatch batch) {
        NDManager manager = batch.manager();
        int n = batch.size();
        ForwardProcess process = context.process();
        Rng levels = batch.rng().split(2);
        // per example: alpha, sigma_t, in, noise, skip, out, lambda
        float[][] columns = new float[7][n];
        for (int i = 0; i < n; i++) {
            double sigma = noiseLevel(levels, process);
            PathPoint p = PathPoint.of(process, process.timeAtNoiseLevel(sigma));
            Preconditioning c = Preconditioning.at(p, context.parameterization(), context.preconditioner());
            double[] row = {p.alpha(), p.sigma(), c.in(), c.noise(), c.skip(), c.out(),
                    Math.min(1.0 / (sigma * sigma), options.gamma())};
            for (int k = 0; k < row.length; k++) {
                columns[k][i] = (float) row[k];
            }
        }
        NDArray x0 = batch.x0();
        // one coefficient per example, broadcast over the sample's axes
        long[] perExample = new long[x0.getShape().dimension()];
        Arrays.fill(perExample, 1L);
        perExample[0] = n;
        Shape column = new Shape(perExample);
        NDArray alpha = manager.create(columns[0], column);
        NDArray sigmaT = manager.create(columns[1], column);
        NDArray eps = batch.rng().split(3).normal(manager, x0.getShape(), DataType.FLOAT32);
        NDArray xt = x0.mul(alpha).add(eps.mul(sigmaT));
        NDArray output = context.network().forward(xt.mul(manager.create(columns[2], column)),
                manager.create(columns[3]), batch.condition(), true);
        // EDM's D = skip x_t + out F, per example (Preconditioning.denoised)
        NDArray denoised = xt.mul(manager.create(columns[4], column)).add(output.mul(manager.create(columns[5], column)));
        return denoised.sub(x0).square().mul(manager.create(columns[6], column)).mean();
    }

    /** ln sigma ~ N(p_mean, p_std^2), redrawn until sigma lies in the process's noise-level range. */
    private double noiseLevel(Rng rng, ForwardProcess process) {
        double lo = process.noiseLevel(process.tMin());
        double hi = Double.isFinite(process.tMax()) ? process.noiseLevel(process.tMax()) : Double.POSITIVE_INFINITY;
        for (int attempt = 0; attempt < REDRAWS; attempt++) {
            double sigma = Math.exp(options.pMean() + options.pStd() * rng.nextGaussian());
            if (sigma > lo && sigma <= hi) {
                return sigma;
            }
        }
        throw new IllegalStateException("ln sigma ~ N(" + options.pMean() + ", " + options.pStd() + "^2) gave no noise"
                + " level inside this process's range (" + lo + ", " + hi + "] in " + REDRAWS + " draws; choose p_mean"
                + " and p_std that cover it");
    }

    @Override
    public String toString() {
        return "min-snr[gamma=" + options.gamma() + ", p_mean=" + options.pMean() + ", p_std=" + options.pStd() + "]";
    }
}
