package org.difflab.core.train;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.model.BlockNetwork;
import org.difflab.api.model.Condition;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.ModelSetting;
import org.difflab.api.model.NetworkDenoiser;
import org.difflab.api.model.NetworkWeights;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.SpecWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * The network a run trains, as the run's model: EDM's D(x) over its output, and what is saved with its weights.
 * Beside {@code model.npz} goes {@code model.yaml}: the network's architecture and the parameterization,
 * preconditioner, process and classes it was trained with, so that {@code model: {type: checkpoint}} rebuilds
 * exactly this denoiser in a later run.
 */
public final class TrainedNetwork implements LoadedModel {

    private final BlockNetwork network;
    private final NetworkDenoiser denoiser;
    private final String description;

    private TrainedNetwork(BlockNetwork network, ModelSetting setting, String description) {
        this.network = network;
        this.denoiser = new NetworkDenoiser(network, setting.process(), setting.parameterization(),
                setting.preconditioner());
        this.description = description;
    }

    /** A freshly initialised network of {@code architecture} (weights drawn from the run's seed). */
    static TrainedNetwork initialize(ModelArchitecture architecture, Experiment experiment, ModelSetting setting,
            int batch) {
        int classes = setting.classes();
        BlockNetwork network = BlockNetwork.initialize(architecture.build(setting.sampleShape(), classes),
                setting.sampleShape(), classes, (int) experiment.spec().seed(), batch);
        return new TrainedNetwork(network, setting, describe(experiment, classes));
    }

    /** model.yaml: the spec keys a checkpoint needs to rebuild this denoiser. */
    private static String describe(Experiment experiment, int classes) {
        ObjectNode tree = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String key : new String[] {"model", "parameterization", "preconditioner", "process"}) {
            tree.set(key, experiment.resolved().get(key).deepCopy());
        }
        tree.put("classes", classes);
        return "# The network in model.npz and how its output is read: model: {type: checkpoint, path: ...}\n"
                + SpecWriter.yaml(tree);
    }

    /** The network being trained. */
    BlockNetwork network() {
        return network;
    }

    /** The text of model.yaml. */
    String description() {
        return description;
    }

    /** Writes the weights and their description. */
    void save(Path weights, Path descriptionFile) throws IOException {
        NetworkWeights.write(weights, network.parameters());
        AtomicFiles.writeString(descriptionFile, description);
    }

    @Override
    public NDArray denoise(NDArray x, double t, Condition condition) {
        return denoiser.denoise(x, t, condition);
    }

    @Override
    public void close() {
        network.close();
    }
}
