package org.difflab.api.training;

import org.difflab.api.ComponentChoice;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Model;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.Network;

/** What a training objective works with: the network being trained, the run's components, and helpers. */
public interface TrainingContext {

    /** The network being trained (its weights receive the gradients of {@link ObjectiveRun#loss}). */
    Network network();

    /**
     * An extra network of the same architecture, initialised to the trained network's current weights, that
     * the platform checkpoints and restores under {@code name} (e.g. an EMA target). Not trained by the
     * optimizer. Ask once per name, in {@link org.difflab.api.TrainingObjective#start}: on resume it comes
     * back with its saved weights.
     */
    Network extraNetwork(String name);

    /** A fixed model (a teacher) in this run's setting; the platform closes it after training. */
    LoadedModel load(ComponentChoice<? extends Model> model);

    /** The training data. */
    DataSource data();

    /** The run's forward process. */
    ForwardProcess process();

    /** What the network regresses. */
    Parameterization parameterization();

    /** The network's input scaling. */
    Preconditioner preconditioner();

    /** Steps of the whole run (for curricula). */
    int totalSteps();

    /** Examples per step. */
    int batchSize();
}
