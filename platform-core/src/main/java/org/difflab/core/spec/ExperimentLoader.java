package org.difflab.core.spec;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Metric;
import org.difflab.api.Parameterization;
import org.difflab.api.TimestepSchedule;
import org.difflab.api.io.Npy;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.PathPoint;
import java.util.Map;
import org.difflab.api.Model;
import org.difflab.api.ModelArchitecture;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.component.ComponentType;
import org.difflab.core.model.RunModelSetting;
import org.difflab.core.model.RunResources;
import tools.jackson.databind.JsonNode;
import org.difflab.core.component.Configured;
import org.difflab.core.component.ExtensionKind;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads, overrides, binds and cross-checks a spec, so that every problem is reported before anything runs
 * or anything is written. Besides the per-key checks of {@link SpecBinder} it checks that the components fit
 * together: the exact model needs closed-form data, metrics apply to the data, the schedule's grid lies in
 * the process's time range, the parameterization is invertible on the grid, and an initial-noise file has
 * the right shape.
 */
public final class ExperimentLoader {

    private final ComponentRegistry registry;

    /** A loader resolving components from {@code registry}. */
    public ExperimentLoader(ComponentRegistry registry) {
        this.registry = registry;
    }

    /** Loads a spec file with {@code --set} overrides applied. */
    public Experiment load(Path specFile, List<String> overrides) {
        SpecDocument document = YamlSpecParser.read(specFile);
        Overrides.apply(document, overrides);
        return load(document);
    }

    /** Binds and checks a parsed (possibly overridden) document. */
    public Experiment load(SpecDocument document) {
        Presets.apply(document, registry);
        SpecBinder binder = new SpecBinder(registry, document);
        ExperimentSpec spec = binder.bindDocument(ExperimentSpec.class);
        crossCheck(spec, binder);
        RunInputs inputs = RunInputs.of(spec, binder::problem);
        binder.throwIfProblems();
        ObjectNode resolved = (ObjectNode) SpecWriter.toTree(spec);
        resolved.remove("sweep");
        ObjectNode bare = (ObjectNode) SpecWriter.bareTree(spec);
        bare.remove("sweep");
        return new Experiment(spec, resolved, inputs.runId(bare, registry.platformVersion()), document, inputs,
                inputs.trainingId(bare, registry.platformVersion()));
    }

    private void crossCheck(ExperimentSpec spec, SpecBinder binder) {
        DataSource data = spec.data().create();
        ForwardProcess process = spec.process().create();
        Optional<ClosedFormData> closedForm = data.closedForm();
        checkModel(spec, data, process, binder);
        checkLabels(spec, data, binder);
        checkSigmaData(spec, binder);
        List<Configured<Metric>> metrics = spec.evaluation().metrics();
        java.util.Set<String> metricIds = new java.util.HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            if (!metricIds.add(metrics.get(i).id())) {   // e.g. two plugins' energy_distance, both named qualified
                binder.problem(SpecPaths.element("evaluation.metrics", i), "metric '" + metrics.get(i).id()
                        + "' is listed twice; results are filed under the metric's id, so list each id once");
            }
            Optional<String> reason = metrics.get(i).create().inapplicableTo(data);
            if (reason.isPresent()) {
                binder.problem(SpecPaths.element("evaluation.metrics", i), "metric '" + metrics.get(i).id()
                        + "' does not apply: " + reason.get());
            }
        }
        double[] times = grid(spec, process, binder);
        if (spec.evaluation().odeError()) {
            if (closedForm.isEmpty()) {
                binder.problem("evaluation.ode_error", "ode_error needs data with a closed form (the exact ODE is"
                        + " integrated with its denoiser); data '" + spec.data().id() + "' has none");
            }
            java.util.Set<org.difflab.api.Capability> claims = spec.sampling().solver().create().capabilities();
            // one-step consistency sampling draws no noise: its sample f(x_T, T) is compared with the ODE's endpoint
            boolean oneStepConsistency = claims.contains(org.difflab.api.Capability.CONSISTENCY_SAMPLING)
                    && times != null && times.length == 2;
            if (claims.contains(org.difflab.api.Capability.STOCHASTIC) && !oneStepConsistency) {
                binder.problem("evaluation.ode_error", "ode_error compares with the probability-flow ODE;"
                        + " solver '" + spec.sampling().solver().id() + "' is stochastic"
                        + (claims.contains(org.difflab.api.Capability.CONSISTENCY_SAMPLING)
                                ? " on more than one step (one-step consistency sampling is accepted)" : ""));
            }
        }
        if (times != null) {
            checkInvertible(spec.parameterization(), process, times, binder);
        }
        if (spec.sampling().initialNoise() != null) {
            checkInitialNoise(spec, data.sampleShape(), binder);
        }
        if (spec.sampling().saveTrajectory() && times != null) {
            checkTrajectorySize(spec, times.length - 1, data.sampleShape().size(), binder);
        }
    }

    /**
     * The trajectory is held in memory until the run writes it: refuse one that cannot be (one array per file,
     * and both files within half the JVM's heap).
     */
    private static void checkTrajectorySize(ExperimentSpec spec, int steps, long dims, SpecBinder binder) {
        long values = (steps + 1L) * spec.sampling().count() * dims;
        long bytes = 8 * (values + (long) steps * spec.sampling().count() * dims);
        long heap = Runtime.getRuntime().maxMemory();
        if (values > org.difflab.core.run.Trajectory.MAX_VALUES || bytes > heap / 2) {
            binder.problem("sampling.save_trajectory", String.format("the trajectory of %d samples over %d steps"
                    + " would hold %d values per file (%.1f GB in memory, half the heap is %.1f GB); lower"
                    + " sampling.count or the number of steps, or raise the heap (-Xmx)", spec.sampling().count(),
                    steps, values, bytes / 1e9, heap / 2e9));
        }
    }

    private void checkModel(ExperimentSpec spec, DataSource data, ForwardProcess process, SpecBinder binder) {
        Model model = spec.model().create();
        if (spec.training() != null) {
            if (!(model instanceof ModelArchitecture architecture)) {
                binder.problem("training", "model '" + spec.model().id() + "' is not a network the platform trains;"
                        + " remove training: or choose a network model (" + String.join(", ", networkIds()) + ")");
                return;
            }
            try {
                architecture.build(data.sampleShape(), data.classes());
            } catch (IllegalArgumentException e) {
                binder.problem("model", "model '" + spec.model().id() + "' cannot take data '" + spec.data().id()
                        + "' of shape " + data.sampleShape() + ": " + e.getMessage());
            }
            return;
        }
        try (RunModelSetting setting = new RunModelSetting(data, process, spec.parameterization().create(),
                spec.preconditioner().create(), spec.seed(), registry, new RunResources())) {
            model.inapplicableTo(setting).ifPresent(reason -> binder.problem("model", "model '" + spec.model().id()
                    + "' does not apply: " + reason));
        }
    }

    /** Ids of the models the platform can train. */
    private List<String> networkIds() {
        return registry.of(ExtensionKind.MODEL).stream()
                .filter(type -> ModelArchitecture.class.isAssignableFrom(type.implementation()))
                .map(ComponentType::id).toList();
    }

    /** Sampling labels: readable, and only for labelled data whose classes they name. */
    private static void checkLabels(ExperimentSpec spec, DataSource data, SpecBinder binder) {
        SampleLabels labels;
        try {
            labels = SampleLabels.parse(spec.sampling().labels());
        } catch (IllegalArgumentException e) {
            binder.problem("sampling.labels", e.getMessage());
            return;
        }
        if (labels.conditional() && data.classes() == 0) {
            binder.problem("sampling.labels", "data '" + spec.data().id() + "' has no class labels, so samples cannot"
                    + " be conditioned on one; use labels: none, or labelled data");
        } else if (labels.largestLabel() >= data.classes() && labels.conditional()) {
            binder.problem("sampling.labels", "label " + labels.largestLabel() + " is not a class of data '"
                    + spec.data().id() + "' (classes 0.." + (data.classes() - 1) + ")");
        } else if (labels.mode() == SampleLabels.Mode.DATA && data.classWeights().isEmpty()) {
            binder.problem("sampling.labels", "data '" + spec.data().id() + "' does not know its class frequencies;"
                    + " use labels: all or a list of labels");
        }
        List<Configured<Metric>> metrics = spec.evaluation().metrics();
        for (int i = 0; i < metrics.size(); i++) {
            if (metrics.get(i).create().needs().contains(Metric.Need.LABELS) && !labels.conditional()) {
                binder.problem(SpecPaths.element("evaluation.metrics", i), "metric '" + metrics.get(i).id()
                        + "' compares samples with the class they were generated for; set sampling.labels (e.g. all)");
            }
        }
    }

    /**
     * EDM's sigma_data may be given to several components (parameterization, preconditioner, loss weighting); they
     * must agree, or the network would be scaled for one data spread and weighted for another.
     */
    private static void checkSigmaData(ExperimentSpec spec, SpecBinder binder) {
        Map<String, Double> given = new java.util.TreeMap<>();
        collectSigmaData(SpecWriter.toTree(spec), "", given);
        if (new java.util.HashSet<>(given.values()).size() > 1) {
            String first = given.keySet().iterator().next();
            binder.problem(first, "sigma_data differs between components: " + given.entrySet().stream()
                    .map(e -> e.getKey() + " = " + e.getValue()).collect(java.util.stream.Collectors.joining(", "))
                    + "; state the data's standard deviation once, the same everywhere");
        }
    }

    private static void collectSigmaData(JsonNode node, String path, Map<String, Double> out) {
        if (node.isObject()) {
            for (String key : node.propertyNames()) {
                JsonNode child = node.get(key);
                String childPath = SpecPaths.child(path, key);
                if (key.equals("sigma_data") && child.isNumber()) {
                    out.put(childPath, child.doubleValue());
                } else if (!key.equals("sweep")) {
                    collectSigmaData(child, childPath, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectSigmaData(node.get(i), SpecPaths.element(path, i), out);
            }
        }
    }

    private static double[] grid(ExperimentSpec spec, ForwardProcess process, SpecBinder binder) {
        TimestepSchedule schedule = spec.sampling().schedule().create();
        double[] times;
        try {
            times = schedule.times(process);
        } catch (InvalidOptionException e) {
            binder.problem("sampling.schedule." + e.key(), e.getMessage() + " (process '" + spec.process().id() + "')");
            return null;
        } catch (IllegalArgumentException e) {
            binder.problem("sampling.schedule", "cannot build the grid for process '" + spec.process().id() + "': "
                    + e.getMessage());
            return null;
        }
        for (int i = 0; i < times.length; i++) {
            double t = times[i];
            boolean inRange = t >= process.tMin() && t <= process.tMax() && Double.isFinite(t);
            if (!inRange || (i > 0 && !(t < times[i - 1]))) {
                binder.problem("sampling.schedule", "schedule '" + spec.sampling().schedule().id() + "' gave time "
                        + t + " at index " + i + ", outside process '" + spec.process().id() + "''s range ["
                        + process.tMin() + ", " + process.tMax() + "] or not decreasing; adjust the schedule's range");
                return null;
            }
        }
        return times;
    }

    private static void checkInvertible(Configured<Parameterization> configured, ForwardProcess process,
            double[] times, SpecBinder binder) {
        Parameterization parameterization = configured.create();
        for (int i = 0; i < times.length - 1; i++) {
            PathPoint p = PathPoint.of(process, times[i]);
            double det = Conversions.determinant(p, parameterization.target(p));
            if (det == 0 || !Double.isFinite(det)) {
                binder.problem("parameterization", "parameterization '" + configured.id()
                        + "' does not determine x0 at t=" + times[i] + " (alpha=" + p.alpha() + ", sigma="
                        + p.sigma() + "); start the grid elsewhere or use another parameterization");
                return;
            }
        }
    }

    private static void checkInitialNoise(ExperimentSpec spec, Shape sampleShape, SpecBinder binder) {
        String path = "sampling.initial_noise";
        java.nio.file.Path file = spec.sampling().initialNoise().path();
        if (java.nio.file.Files.exists(file) && !java.nio.file.Files.isRegularFile(file)) {
            binder.problem(path, spec.sampling().initialNoise().spelling() + " is not a regular file (a directory,"
                    + " FIFO or device); give a .npy file");
            return;
        }
        try {
            long[] shape = Npy.readShape(file);
            long[] expected = new long[sampleShape.dimension() + 1];
            expected[0] = spec.sampling().count();
            System.arraycopy(sampleShape.getShape(), 0, expected, 1, sampleShape.dimension());
            if (!java.util.Arrays.equals(shape, expected)) {
                binder.problem(path, spec.sampling().initialNoise().spelling() + " has shape "
                        + java.util.Arrays.toString(shape) + "; expected " + java.util.Arrays.toString(expected)
                        + " (sampling.count, then the data's sample shape)");
                return;
            }
            // read it whole now: a truncated file or a NaN would otherwise surface after the whole sampling ran,
            // blamed on the solver
            double[] values = Npy.read(file).values();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    long perSample = values.length / Math.max(1, expected[0]);
                    binder.problem(path, spec.sampling().initialNoise().spelling() + " holds " + values[i]
                            + " at element " + i + " (sample " + i / Math.max(1, perSample) + "); initial noise must"
                            + " be finite standard-normal draws");
                    return;
                }
            }
        } catch (IllegalArgumentException e) {
            binder.problem(path, e.getMessage());
        }
    }
}
