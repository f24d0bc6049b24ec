package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Model;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.Param;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.SpecFile;
import org.difflab.api.model.BlockNetwork;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.ModelSetting;
import org.difflab.api.model.NetworkDenoiser;
import org.difflab.api.model.NetworkWeights;
import org.difflab.api.model.SavedSpec;
import org.pf4j.Extension;

/**
 * A network trained by an earlier run: its weights ({@code model.npz} of a finished run, or a checkpoint's
 * {@code state.npz}, whose weight average is used when it has one) and the {@code model.yaml} beside them, which
 * names the architecture and the parameterization, preconditioner, process and classes it was trained with. The
 * loaded denoiser is exactly the trained one, whatever this run's parameterization and preconditioner are.
 *
 * <p>Sampled on another process than it was trained on, the network is asked at the time of equal noise level
 * (EDM section 3: x_t / alpha(t) = x0 + (sigma/alpha) eps depends on the process only through the noise level):
 * x0_hat(x, t) = D_trained(x alpha'(t') / alpha(t), t') with noise level'(t') = noise level(t).
 */
@Extension
@Component(id = "checkpoint", summary = "a network trained by an earlier run (its directory, model.npz or a checkpoint)")
public final class CheckpointModel implements Model {

    /** Options of {@link CheckpointModel}. */
    public record Options(
            @Param(doc = "an earlier training run's directory, its model.npz, or one of its checkpoints"
                    + " (checkpoints/step-N)") SpecFile path) {}

    /** Where the weights and their description are, and which arrays of the weights file are the network's. */
    private record Saved(Path weights, Path description, String prefix) {}

    /** Probe times at which two processes must agree exactly to count as the same path. */
    private static final int PROBES = 64;

    private final Options options;

    /** The network saved at {@code options.path()}. */
    public CheckpointModel(Options options) {
        this.options = options;
        locate(); // a path holding no trained network is refused when the spec is read
    }

    @Override
    public Optional<String> inapplicableTo(ModelSetting setting) {
        try {
            SavedSpec saved = setting.readSpec(locate().description());
            Model model = saved.component(Model.class, "model").create();
            if (!(model instanceof ModelArchitecture)) {
                return Optional.of(locate().description() + " describes model '" + saved.component(Model.class,
                        "model").id() + "', which is not a network");
            }
            int classes = (int) saved.integer("classes").orElse(0);
            if (classes > 0 && setting.classes() > 0 && classes != setting.classes()) {
                return Optional.of("the network was trained on " + classes + " classes, this run's data has "
                        + setting.classes());
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public LoadedModel load(ModelSetting setting) {
        Saved saved = locate();
        SavedSpec spec = setting.readSpec(saved.description());
        ModelArchitecture architecture = (ModelArchitecture) spec.component(Model.class, "model").create();
        Parameterization parameterization = spec.component(Parameterization.class, "parameterization").create();
        Preconditioner preconditioner = spec.component(Preconditioner.class, "preconditioner").create();
        ForwardProcess trainedOn = spec.component(ForwardProcess.class, "process").create();
        int classes = (int) spec.integer("classes").orElse(0);
        BlockNetwork network = BlockNetwork.initialize(architecture.build(setting.sampleShape(), classes),
                setting.sampleShape(), classes, 0, 1);
        try {
            Map<String, NDArray> arrays = NetworkWeights.read(network.manager(), saved.weights());
            NetworkWeights.load(network, select(arrays, saved.prefix()), options.path().spelling());
        } catch (IOException | RuntimeException e) {
            network.close();
            throw new IllegalArgumentException("cannot load " + options.path().spelling() + ": " + e.getMessage(), e);
        }
        ConditionalDenoiser trained = new NetworkDenoiser(network, trainedOn, parameterization, preconditioner);
        ConditionalDenoiser denoiser = samePath(trainedOn, setting.process()) ? trained
                : atEqualNoiseLevel(trained, trainedOn, setting.process());
        return new LoadedModel() {
            @Override
            public NDArray denoise(NDArray x, double t, org.difflab.api.model.Condition condition) {
                return denoiser.denoise(x, t, condition);
            }

            @Override
            public void close() {
                network.close();
            }
        };
    }

    /** The trained denoiser asked at the time of the trained process with the same noise level as t. */
    static ConditionalDenoiser atEqualNoiseLevel(ConditionalDenoiser trained, ForwardProcess trainedOn,
            ForwardProcess sampled) {
        return (x, t, condition) -> {
            double level = sampled.noiseLevel(t);
            if (!Double.isFinite(level)) {
                throw new IllegalArgumentException("the network was trained on another process and cannot be asked"
                        + " at t=" + t + ", where this process's noise level is infinite");
            }
            double trainedTime = trainedOn.timeAtNoiseLevel(level);
            return trained.denoise(x.mul(trainedOn.alpha(trainedTime) / sampled.alpha(t)), trainedTime, condition);
        };
    }

    /** Whether two processes have the same alpha and sigma at every probe time of the sampled one's range. */
    private static boolean samePath(ForwardProcess a, ForwardProcess b) {
        if (a.tMin() != b.tMin() || a.tMax() != b.tMax()) {
            return false;
        }
        double lo = b.tMin();
        double hi = Double.isFinite(b.tMax()) ? b.tMax() : b.samplingStart();
        for (int i = 0; i <= PROBES; i++) {
            double t = lo + (hi - lo) * i / PROBES;
            if (a.alpha(t) != b.alpha(t) || a.sigma(t) != b.sigma(t)) {
                return false;
            }
        }
        return true;
    }

    /** The arrays under {@code prefix}, renamed without it. */
    private static Map<String, NDArray> select(Map<String, NDArray> arrays, String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        arrays.forEach((name, array) -> {
            if (name.startsWith(prefix)) {
                out.put(name.substring(prefix.length()), array);
            }
        });
        return out;
    }

    /** Finds the weights and model.yaml at the path, or says what a path must hold. */
    private Saved locate() {
        Path path = options.path().path();
        Path directory = Files.isDirectory(path) ? path : path.getParent();
        Path description = directory.resolve("model.yaml");
        Path weights;
        if (Files.isDirectory(path)) {
            weights = Files.isRegularFile(path.resolve("model.npz")) ? path.resolve("model.npz")
                    : path.resolve("state.npz");
        } else {
            weights = path;
        }
        if (!Files.isRegularFile(weights) || !Files.isRegularFile(description)) {
            throw new org.difflab.api.InvalidOptionException("path", options.path().spelling() + " holds no trained"
                    + " network: expected a training run's directory (with model.npz and model.yaml), its model.npz,"
                    + " or one of its checkpoints (checkpoints/step-N, with state.npz and model.yaml)");
        }
        // read the archive's index now, so that a file that is not a checkpoint is refused with the spec, before
        // anything runs or is written
        try (java.util.zip.ZipFile names = new java.util.zip.ZipFile(weights.toFile())) {
            if (names.stream().noneMatch(e -> e.getName().endsWith(".npy"))) {
                throw new org.difflab.api.InvalidOptionException("path", weights + " holds no arrays (.npy entries);"
                        + " expected the model.npz or a checkpoint's state.npz that a training run wrote");
            }
            if (!weights.getFileName().toString().equals("state.npz")) {
                return new Saved(weights, description, "");
            }
            boolean averaged = names.stream().anyMatch(e -> e.getName().startsWith("ema/"));
            return new Saved(weights, description, averaged ? "ema/" : "weights/");
        } catch (IOException e) {
            throw new org.difflab.api.InvalidOptionException("path", weights + " is not a readable .npz ("
                    + e.getMessage() + "); expected the model.npz or a checkpoint's state.npz that a training run"
                    + " wrote");
        }
    }
}
