package org.difflab.core.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.difflab.api.ComponentChoice;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Model;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.model.BlockNetwork;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.Network;
import org.difflab.api.training.ExtraNetworks;
import org.difflab.api.training.TrainingContext;
import org.difflab.core.model.RunModelSetting;
import org.difflab.core.spec.TrainingSpec;

/** A training objective's view of the run: the trained network, its extra networks, fixed models, components. */
final class ObjectiveContext implements TrainingContext, AutoCloseable {

    private final TrainedNetwork trained;
    private final ModelArchitecture architecture;
    private final RunModelSetting setting;
    private final TrainingSpec spec;
    private final ExtraNetworks extras = new ExtraNetworks();

    ObjectiveContext(TrainedNetwork trained, ModelArchitecture architecture, RunModelSetting setting, TrainingSpec spec) {
        this.trained = trained;
        this.architecture = architecture;
        this.setting = setting;
        this.spec = spec;
    }

    @Override
    public Network network() {
        return trained.network();
    }

    @Override
    public Network extraNetwork(String name) {
        BlockNetwork network = trained.network();
        return extras.create(name, network, () -> BlockNetwork.initialize(architecture.build(setting.sampleShape(),
                network.classes()), setting.sampleShape(), network.classes(), (int) setting.seed(), spec.batchSize()));
    }

    @Override
    public LoadedModel load(ComponentChoice<? extends Model> model) {
        return setting.load(model);
    }

    @Override
    public DataSource data() {
        return setting.data();
    }

    @Override
    public ForwardProcess process() {
        return setting.process();
    }

    @Override
    public Parameterization parameterization() {
        return setting.parameterization();
    }

    @Override
    public Preconditioner preconditioner() {
        return setting.preconditioner();
    }

    @Override
    public int totalSteps() {
        return spec.steps();
    }

    @Override
    public int batchSize() {
        return spec.batchSize();
    }

    /** The extra networks by name. */
    Map<String, BlockNetwork> extras() {
        return extras.byName();
    }

    /** The extra networks' weights, for checkpoints. */
    Map<String, Map<String, NDArray>> extraWeights() {
        Map<String, Map<String, NDArray>> out = new LinkedHashMap<>();
        extras.byName().forEach((name, network) -> out.put(name, network.parameters()));
        return out;
    }

    @Override
    public void close() {
        extras.close();
    }
}
