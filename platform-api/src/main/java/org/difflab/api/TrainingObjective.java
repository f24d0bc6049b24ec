package org.difflab.api;

import org.difflab.api.training.ObjectiveRun;
import org.difflab.api.training.TrainingContext;

/**
 * What one training step minimises: EDM's denoising loss from the noise distribution, process, target,
 * weighting and preconditioner ({@code denoising}), consistency distillation or training, a distillation
 * loss, ... The platform's loop (optimizer, clipping, weight average, checkpoints, resume, divergence stop,
 * progress) steps any objective; the objective says how the batch's loss is computed.
 *
 * <p>An objective may hold extra networks (an EMA target, a student's copy) that it asks the
 * {@link TrainingContext} for: the platform checkpoints and resumes them with the trained model. Fixed models
 * (a teacher: the exact denoiser, a checkpoint) are {@link ComponentChoice ComponentChoice&lt;Model&gt;}
 * options loaded through the context.
 *
 * <p>Contract: the loss is a finite float32 scalar with gradients to the trained network; the same seed and step
 * give the same loss; a few gradient steps on a fixed batch (the same step's data and randomness) lower it.
 */
public interface TrainingObjective extends Pluggable {

    /** Starts training with {@code context}; called once per run (again on resume, before the first step). */
    ObjectiveRun start(TrainingContext context);
}
