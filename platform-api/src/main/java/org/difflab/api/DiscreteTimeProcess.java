package org.difflab.api;

/**
 * A process trained on N discrete time steps (DDPM's n = 0..N-1), so that a sampler can pick training indices the
 * way diffusers' schedulers do (their timestep spacings). Implemented by such processes; schedules ask for it.
 */
public interface DiscreteTimeProcess extends ForwardProcess {

    /** N, the number of training time steps. */
    int trainingSteps();

    /** The continuous time of training index n, 0 &le; n &lt; N. */
    double timeOfIndex(int n);
}
