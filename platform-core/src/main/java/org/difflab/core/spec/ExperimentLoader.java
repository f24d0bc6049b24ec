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
import org.difflab.core.component.ComponentRegistry;
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
        SpecBinder binder = new SpecBinder(registry, document);
        ExperimentSpec spec = binder.bindDocument(ExperimentSpec.class);
        crossCheck(spec, binder);
        binder.throwIfProblems();
        ObjectNode resolved = (ObjectNode) SpecWriter.toTree(spec);
        resolved.remove("sweep");
        return new Experiment(spec, resolved, SpecWriter.contentId(resolved), document);
    }

    private void crossCheck(ExperimentSpec spec, SpecBinder binder) {
        DataSource data = spec.data().create();
        ForwardProcess process = spec.process().create();
        Optional<ClosedFormData> closedForm = data.closedForm();
        checkModel(spec, data, closedForm.isPresent(), binder);
        List<Configured<Metric>> metrics = spec.evaluation().metrics();
        for (int i = 0; i < metrics.size(); i++) {
            Optional<String> reason = metrics.get(i).create().inapplicableTo(data);
            if (reason.isPresent()) {
                binder.problem(SpecPaths.element("evaluation.metrics", i), "metric '" + metrics.get(i).id()
                        + "' does not apply: " + reason.get());
            }
        }
        if (spec.evaluation().odeError()) {
            if (closedForm.isEmpty()) {
                binder.problem("evaluation.ode_error", "ode_error needs data with a closed form (the exact ODE is"
                        + " integrated with its denoiser); data '" + spec.data().id() + "' has none");
            }
            if (spec.sampling().solver().create().capabilities().contains(org.difflab.api.Capability.STOCHASTIC)) {
                binder.problem("evaluation.ode_error", "ode_error compares with the probability-flow ODE;"
                        + " solver '" + spec.sampling().solver().id() + "' is stochastic");
            }
        }
        double[] times = grid(spec, process, binder);
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

    private static void checkModel(ExperimentSpec spec, DataSource data, boolean closedForm, SpecBinder binder) {
        boolean exact = spec.model().id().equals(ComponentRegistry.EXACT_MODEL);
        if (exact) {
            if (!closedForm) {
                binder.problem("model", "model 'exact' needs data with a closed form; data '" + spec.data().id()
                        + "' has none (Gaussian mixtures such as gmm, gmm-ring and gmm-random do); train a network"
                        + " model (e.g. model: {type: mlp} with a training: block) for other data");
            }
            if (spec.training() != null) {
                binder.problem("training", "model 'exact' is not trained; remove training: or choose a network model");
            }
            if (spec.checkpoint() != null) {
                binder.problem("checkpoint", "model 'exact' has no weights; remove checkpoint: or choose a network"
                        + " model");
            }
            return;
        }
        if (spec.training() == null && spec.checkpoint() == null) {
            binder.problem("model", "model '" + spec.model().id() + "' is a network: give a training: block to train"
                    + " it, or checkpoint: with the model.npz of a trained run");
        }
        if (spec.training() != null && spec.checkpoint() != null) {
            binder.problem("checkpoint", "give either training: (train the model) or checkpoint: (load trained"
                    + " weights), not both");
        }
        try {
            spec.model().create().build(data.sampleShape());
        } catch (IllegalArgumentException e) {
            binder.problem("model", "model '" + spec.model().id() + "' cannot take data '" + spec.data().id()
                    + "' of shape " + data.sampleShape() + ": " + e.getMessage());
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
        try {
            long[] shape = Npy.readShape(spec.sampling().initialNoise().path());
            long[] expected = new long[sampleShape.dimension() + 1];
            expected[0] = spec.sampling().count();
            System.arraycopy(sampleShape.getShape(), 0, expected, 1, sampleShape.dimension());
            if (!java.util.Arrays.equals(shape, expected)) {
                binder.problem(path, spec.sampling().initialNoise().spelling() + " has shape "
                        + java.util.Arrays.toString(shape) + "; expected " + java.util.Arrays.toString(expected)
                        + " (sampling.count, then the data's sample shape)");
            }
        } catch (IllegalArgumentException e) {
            binder.problem(path, e.getMessage());
        }
    }
}
