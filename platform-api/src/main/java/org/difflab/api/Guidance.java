package org.difflab.api;

import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.GuidanceContext;

/**
 * How the denoiser a solver sees is composed from model evaluations: {@code none} (the model's conditional
 * prediction), classifier-free guidance, guidance in a noise-level interval, autoguidance with a weaker model,
 * ... A spec picks it under {@code sampling.guidance}. Each model evaluation counts as one NFE.
 *
 * <p>Contract: for an unconditioned batch and no guide, the result equals the model's prediction; the result
 * has x's shape and type; it is deterministic; models are evaluated only through the context, each call on at most
 * the batch's rows (the platform counts one NFE per call, so stacked conditional and unconditional inputs would be
 * under-counted).
 */
public interface Guidance extends Pluggable {

    /**
     * The guided denoiser for one run, composed from {@code context}'s model (and any guide models it loads
     * from the context, once per run).
     */
    ConditionalDenoiser guide(GuidanceContext context);
}
