package org.difflab.plugins.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.Component;
import org.difflab.api.ComponentChoice;
import org.difflab.api.LossWeighting;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.Param;
import org.difflab.api.TrainingObjective;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Preconditioning;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.training.ObjectiveRun;
import org.difflab.api.training.TrainingBatch;
import org.difflab.api.training.TrainingContext;
import org.pf4j.Extension;

/**
 * The denoising loss of EDM (Karras et al. 2022, section 5 and Table 1), composed from the run's choices: for each
 * example a time t from the noise distribution (EDM's p_train), x_t = alpha x0 + sigma eps from the process, the
 * network's input and conditioning from the preconditioner, its regression target a x0 + b eps from the
 * parameterization, and the loss weighting's weight:
 * <pre>  loss = mean over examples of  weight(t) * mean over coordinates of (F(in x_t; noise, c) - (a x0 + b eps))^2.</pre>
 * With the edm parameterization and weighting this is EDM's lambda(sigma) c_out^2 ||F - F*||^2; with velocity and
 * uniform on rectified-flow it is conditional flow matching; with eps and uniform on vp, DDPM's simple loss.
 * For labelled data each label is dropped (replaced by "no label") with probability p_uncond, so one network
 * learns both the conditional and the unconditional denoiser, as classifier-free guidance needs (Ho & Salimans
 * 2022).
 */
@Extension
@Component(id = "denoising", summary = "EDM's denoising loss: weight(t) ||F(in x_t; noise) - (a x0 + b eps)||^2")
public final class DenoisingObjective implements TrainingObjective {

    /** Options of {@link DenoisingObjective}. */
    public record Options(
            @Param(doc = "how each example's time t is drawn (EDM's p_train)", defaultValue = "log-normal")
            ComponentChoice<NoiseDistribution> noiseDistribution,
            @Param(doc = "weight of each example's squared error (uniform: plain MSE on the target)",
                    defaultValue = "uniform") ComponentChoice<LossWeighting> lossWeighting,
            @Param(doc = "probability of dropping an example's class label (labelled data only), so the network also"
                    + " learns the unconditional denoiser for classifier-free guidance", defaultValue = "0.1", min = 0,
                    max = 1) double pUncond) {}

    private final Options options;

    /** EDM's loss with the given noise distribution and weighting. */
    public DenoisingObjective(Options options) {
        this.options = options;
    }

    @Override
    public ObjectiveRun start(TrainingContext context) {
        NoiseDistribution noise = options.noiseDistribution().create();
        LossWeighting weighting = options.lossWeighting().create();
        return batch -> loss(context, noise, weighting, batch);
    }

    private NDArray loss(TrainingContext context, NoiseDistribution noise, LossWeighting weighting,
            TrainingBatch batch) {
        int n = batch.size();
        Rng rng = batch.rng();
        float[] alpha = new float[n];
        float[] sigma = new float[n];
        float[] a = new float[n];
        float[] b = new float[n];
        float[] in = new float[n];
        float[] noiseInput = new float[n];
        float[] weight = new float[n];
        for (int i = 0; i < n; i++) {
            PathPoint p = PathPoint.of(context.process(), noise.sampleTime(rng, context.process()));
            Preconditioning c = Preconditioning.at(p, context.parameterization(), context.preconditioner());
            alpha[i] = (float) p.alpha();
            sigma[i] = (float) p.sigma();
            a[i] = (float) c.target().a();
            b[i] = (float) c.target().b();
            in[i] = (float) c.in();
            noiseInput[i] = (float) c.noise();
            weight[i] = (float) weighting.weight(p, c.target());
        }
        NDManager manager = batch.manager();
        NDArray x0 = batch.x0();
        // per-example coefficients broadcast over the sample's axes: shape [batch, 1, ..., 1]
        Shape column = new Shape(n).addAll(ones(x0.getShape().dimension() - 1));
        NDArray eps = rng.split(2).normal(manager, x0.getShape(), DataType.FLOAT32);
        NDArray xt = x0.mul(manager.create(alpha, column)).add(eps.mul(manager.create(sigma, column)));
        NDArray target = x0.mul(manager.create(a, column)).add(eps.mul(manager.create(b, column)));
        NDArray output = context.network().forward(xt.mul(manager.create(in, column)), manager.create(noiseInput),
                dropLabels(batch.condition(), rng.split(3)), true);
        // DJL's PyTorch mean takes one axis: flatten each example, then average its coordinates
        NDArray perExample = output.sub(target).square().reshape(n, -1).mean(new int[] {1});
        return perExample.mul(manager.create(weight)).mean();
    }

    /** Each label replaced by "no label" with probability p_uncond. */
    private Condition dropLabels(Condition condition, Rng rng) {
        if (!(condition instanceof Condition.ClassLabels labelled) || options.pUncond() == 0) {
            return condition;
        }
        int[] labels = labelled.labels();
        for (int i = 0; i < labels.length; i++) {
            if (rng.nextDouble() < options.pUncond()) {
                labels[i] = Condition.NO_LABEL;
            }
        }
        return Condition.labels(labels);
    }

    private static Shape ones(int count) {
        long[] dims = new long[count];
        java.util.Arrays.fill(dims, 1);
        return new Shape(dims);
    }
}
