package org.difflab.core.spec;

import org.difflab.api.LossWeighting;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.Param;
import org.difflab.core.component.Configured;

/**
 * The {@code training:} block: how a network model is trained before it is sampled. The loss of one example
 * is weight(t) ||F(c_in x_t; c_noise) - (a_t x0 + b_t eps)||^2 averaged over its coordinates, with t drawn from
 * the noise distribution (EDM's p_train), (a, b) the parameterization's target and the weight the loss
 * weighting's (EDM's lambda(sigma) c_out^2 for the edm weighting and target).
 *
 * @param steps optimizer steps
 * @param batchSize examples per step
 * @param noiseDistribution how t is drawn
 * @param lossWeighting the per-example weight
 * @param optimizer adam or adamw
 * @param learningRate peak learning rate
 * @param warmupSteps linear learning-rate warm-up
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's epsilon
 * @param weightDecay weight decay
 * @param gradClip global gradient-norm clip (0: off)
 * @param emaHalfLife half-life of the weights' moving average, in examples (0: no average)
 * @param checkpointEvery steps between checkpoints
 * @param logEvery steps between progress lines when output is not a terminal
 */
public record TrainingSpec(
        @Param(doc = "optimizer steps", min = 1) int steps,
        @Param(doc = "examples per step", defaultValue = "256", min = 1) int batchSize,
        @Param(doc = "how training draws the time t of each example (EDM's p_train)", defaultValue = "log-normal")
        Configured<NoiseDistribution> noiseDistribution,
        @Param(doc = "weight of each example's squared error (uniform: plain MSE on the target)",
                defaultValue = "uniform") Configured<LossWeighting> lossWeighting,
        @Param(doc = "adam (L2 weight decay) or adamw (decoupled weight decay)", defaultValue = "adam")
        OptimizerKind optimizer,
        @Param(doc = "peak learning rate", defaultValue = "0.001", min = 0, exclusiveMin = true) double learningRate,
        @Param(doc = "steps of linear learning-rate warm-up from 0", defaultValue = "0", min = 0) int warmupSteps,
        @Param(doc = "Adam's first-moment decay", defaultValue = "0.9", min = 0, max = 1, exclusiveMax = true)
        double beta1,
        @Param(doc = "Adam's second-moment decay", defaultValue = "0.999", min = 0, max = 1, exclusiveMax = true)
        double beta2,
        @Param(doc = "Adam's epsilon", defaultValue = "1e-8", min = 0, exclusiveMin = true) double epsilon,
        @Param(doc = "weight decay (L2 for adam, decoupled for adamw)", defaultValue = "0", min = 0) double weightDecay,
        @Param(doc = "clip the gradient's global L2 norm to this value; 0 turns clipping off", defaultValue = "0",
                min = 0) double gradClip,
        @Param(doc = "half-life of the exponential moving average of the weights, in training examples (EDM:"
                + " ema_halflife_kimg x 1000); samples use the averaged weights; 0 turns it off",
                defaultValue = "0", min = 0) double emaHalfLife,
        @Param(doc = "save a checkpoint every this many steps (and at the end)", defaultValue = "1000", min = 1)
        int checkpointEvery,
        @Param(doc = "print a progress line every this many steps when output is not a terminal",
                defaultValue = "100", min = 1) int logEvery) {

    /** The optimizer. */
    public enum OptimizerKind {
        /** Adam (Kingma & Ba 2015) with L2 weight decay added to the gradient. */
        ADAM,
        /** AdamW (Loshchilov & Hutter 2019): decoupled weight decay. */
        ADAMW
    }
}
