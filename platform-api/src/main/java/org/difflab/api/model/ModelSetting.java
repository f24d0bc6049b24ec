package org.difflab.api.model;

import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.difflab.api.ClosedFormData;
import org.difflab.api.ComponentChoice;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;

/**
 * The run a model serves: the data (its sample shape, classes and closed form), the forward process whose
 * time the model is asked at, and the parameterization and preconditioner a network of this run uses.
 */
public interface ModelSetting {

    /** The run's data source. */
    DataSource data();

    /** The run's forward process: models are evaluated at its times. */
    ForwardProcess process();

    /** What a network of this run regresses. */
    Parameterization parameterization();

    /** The input scaling of a network of this run. */
    Preconditioner preconditioner();

    /** The run's seed (a network's initial weights are drawn from it). */
    long seed();

    /** The shape of one sample. */
    default Shape sampleShape() {
        return data().sampleShape();
    }

    /** Number of classes of the data's labels, 0 if unlabelled. */
    default int classes() {
        return data().classes();
    }

    /** The data's closed form, if it has one. */
    default Optional<ClosedFormData> closedForm() {
        return data().closedForm();
    }

    /**
     * Reads a saved spec (YAML), e.g. the {@code model.yaml} the platform writes beside trained weights, so a
     * model can rebuild the components an earlier run used.
     *
     * @throws IllegalArgumentException if the file cannot be read
     */
    SavedSpec readSpec(java.nio.file.Path file);

    /**
     * Loads another model in this same setting (a nested choice such as autoguidance's guide or a teacher);
     * the caller closes it.
     */
    LoadedModel load(ComponentChoice<? extends org.difflab.api.Model> model);
}
