package org.difflab.core.spec;

import org.difflab.api.Param;
import org.difflab.api.TrainingObjective;
import org.difflab.core.component.Configured;

/**
 * The {@code training:} block: how a network model is trained before it is sampled. The objective says what
 * one step minimises (EDM's denoising loss by default); the rest is the loop's: optimizer, learning rate,
 * clipping, weight average, checkpoints.
 *
 * @param steps optimizer steps
 * @param batchSize examples per step
 * @param objective what one step minimises
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
        @Param(doc = "what one step minimises, e.g. {type: denoising, noise_distribution: log-normal,"
                + " loss_weighting: edm}", defaultValue = "denoising") Configured<TrainingObjective> objective,
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
