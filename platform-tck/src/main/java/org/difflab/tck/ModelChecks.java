package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Model;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.LoadedModel;
import org.difflab.tck.fixtures.LabelledReferenceData;
import org.difflab.tck.fixtures.ReferenceModelSetting;

/**
 * The contract of a {@link Model}, loaded in the contract suite's settings ({@link ReferenceModelSetting}): the
 * reference mixture, unlabelled and labelled by component ({@link LabelledReferenceData}), on every given process,
 * queried at noisy draws x_t = alpha x0 + sigma eps at the process's sampling times with noise levels up to
 * {@link Probes#NOISE_LEVEL_CAP}. Settings the model says it does not apply to ({@link Model#inapplicableTo}) are
 * left out; a model that applies to none (a network that needs training, a checkpoint) is skipped with its reason.
 */
public final class ModelChecks {

    /** Samples per query. */
    static final int BATCH = 6;
    /** Labels of a labelled query: every class and one sample with no label. */
    static final int[] LABELS = {0, 1, 2, Condition.NO_LABEL, 2, 0};
    /**
     * Largest accepted deviation from the exact posterior mean, relative to max(1, |E[x0 | x_t]|): float64 round-off
     * of the mixture's responsibilities is ~1e-15, so this leaves room for a differently ordered computation, while a
     * wrong formula (a missing alpha, a wrong weight) is off by far more.
     */
    static final double CLOSED_FORM_TOLERANCE = 1e-9;

    private ModelChecks() {}

    /** Every check of {@code model}, in settings on each of {@code processes}. */
    public static List<Check> of(Model model, List<NamedProcess> processes) {
        return List.of(
                new Check("model.loads", "loads wherever inapplicableTo says it applies (reference mixture, unlabelled"
                        + " and labelled, on every process)", () -> acrossSettings(model, processes, "loads",
                                (loaded, setting, manager) -> null)),
                new Check("model.denoiser-shape", "x0_hat has x's shape and data type, float32 and float64, and is"
                        + " finite", () -> acrossSettings(model, processes, "x's shape and type, finite",
                                ModelChecks::shapeAndType)),
                new Check("model.deterministic", "the same input gives the same x0_hat, bit for bit",
                        () -> acrossSettings(model, processes, "identical on repeated calls",
                                ModelChecks::deterministic)),
                new Check("model.unconditioned", "Condition.NONE and labels that are all 'no label' give the same"
                        + " x0_hat, bit for bit", () -> acrossSettings(model, processes, "the same for NONE and"
                                + " all-unlabelled", ModelChecks::unconditioned)),
                new Check("model.closed-form", "equals the exact posterior mean E[x0 | x_t] (E[x0 | x_t, c] on"
                        + " labelled data) within " + CLOSED_FORM_TOLERANCE + " (claimed by CLOSED_FORM)",
                        () -> closedForm(model, processes)));
    }

    /** A property of one loaded model in one setting: the violation, or null. */
    @FunctionalInterface
    private interface Probe {
        String run(LoadedModel model, ReferenceModelSetting setting, NDManager manager) throws Exception;
    }

    /**
     * Runs {@code probe} in every reference setting the model applies to (loading it there), failing at the first
     * violation, and skipping with the model's reasons if it applies to none.
     */
    private static Outcome acrossSettings(Model model, List<NamedProcess> processes, String measured, Probe probe) {
        if (processes.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        List<String> ran = new ArrayList<>();
        Set<String> reasons = new LinkedHashSet<>();
        for (NamedProcess process : processes) {
            for (boolean labelled : new boolean[] {false, true}) {
                String name = process.name() + (labelled ? " (labelled)" : "");
                try (ReferenceModelSetting setting = labelled ? ReferenceModelSetting.labelled(process.process())
                        : ReferenceModelSetting.unlabelled(process.process())) {
                    Optional<String> reason = model.inapplicableTo(setting);
                    if (reason.isPresent()) {
                        reasons.add(reason.get());
                        continue;
                    }
                    LoadedModel loaded;
                    try {
                        loaded = model.load(setting);
                    } catch (RuntimeException e) {
                        return Outcome.failed("on " + name + ": inapplicableTo says the model applies, but load threw "
                                + Check.describe(e));
                    }
                    if (loaded == null) {
                        return Outcome.failed("on " + name + ": load returned null");
                    }
                    String failure;
                    try (LoadedModel closing = loaded; NDManager manager = NDManager.newBaseManager()) {
                        failure = probe.run(closing, setting, manager);
                    } catch (Exception e) {
                        failure = "threw " + Check.describe(e);
                    }
                    if (failure != null) {
                        return Outcome.failed("on " + name + ": " + failure);
                    }
                    ran.add(name);
                }
            }
        }
        if (ran.isEmpty()) {
            return Outcome.skipped("applies to none of the reference settings: " + String.join("; ", reasons));
        }
        return Outcome.passed(measured + " on " + String.join(", ", ran)
                + (reasons.isEmpty() ? "" : "; not applicable elsewhere: " + String.join("; ", reasons)));
    }

    /** Noisy draws x_t = alpha x0 + sigma eps of {@code data} at time t of {@code process}, [BATCH, ...], in {@code type}. */
    static NDArray noisy(DataSource data, ForwardProcess process, NDManager manager, double t, DataType type) {
        NDArray x0 = data.sample(manager, BATCH, new Rng(5));
        NDArray eps = new Rng(6).normal(manager, x0.getShape(), DataType.FLOAT64);
        PathPoint p = PathPoint.of(process, t);
        return x0.mul(p.alpha()).add(eps.mul(p.sigma())).toType(type, false);
    }

    private static NDArray noisy(ReferenceModelSetting setting, NDManager manager, double t, DataType type) {
        return noisy(setting.data(), setting.process(), manager, t, type);
    }

    /** The condition of a query: labels in a labelled setting, none otherwise. */
    static Condition condition(ReferenceModelSetting setting) {
        return setting.classes() > 0 ? Condition.labels(LABELS) : Condition.NONE;
    }

    private static double[] times(ReferenceModelSetting setting) {
        return Probes.finiteNoiseTimes(setting.process(), 6);
    }

    private static String shapeAndType(LoadedModel model, ReferenceModelSetting setting, NDManager manager) {
        Condition condition = condition(setting);
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            for (double t : times(setting)) {
                NDArray x = noisy(setting, manager, t, type);
                NDArray out = model.denoise(x, t, condition);
                if (!out.getShape().equals(x.getShape()) || out.getDataType() != type) {
                    return "at t = " + fmt(t) + " for x of shape " + x.getShape() + " and type " + type + " x0_hat has"
                            + " shape " + out.getShape() + " and type " + out.getDataType();
                }
                if (!finite(out)) {
                    return "at t = " + fmt(t) + " (" + type + ", " + condition + ") x0_hat is not finite";
                }
            }
        }
        return null;
    }

    private static String deterministic(LoadedModel model, ReferenceModelSetting setting, NDManager manager) {
        Condition condition = condition(setting);
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            for (double t : times(setting)) {
                NDArray x = noisy(setting, manager, t, type);
                double difference = maxAbs(model.denoise(x, t, condition), model.denoise(x, t, condition));
                if (difference != 0) {
                    return "at t = " + fmt(t) + " (" + type + ") two calls with the same input differ by "
                            + fmt(difference) + " (max abs)";
                }
            }
        }
        return null;
    }

    private static String unconditioned(LoadedModel model, ReferenceModelSetting setting, NDManager manager) {
        int[] none = new int[BATCH];
        Arrays.fill(none, Condition.NO_LABEL);
        for (double t : times(setting)) {
            NDArray x = noisy(setting, manager, t, DataType.FLOAT64);
            double difference = maxAbs(model.denoise(x, t, Condition.NONE), model.denoise(x, t, Condition.labels(none)));
            if (difference != 0) {
                return "at t = " + fmt(t) + " Condition.NONE and labels that are all NO_LABEL give x0_hat differing by "
                        + fmt(difference) + " (max abs); both mean an unconditioned batch";
            }
        }
        return null;
    }

    static Outcome closedForm(Model model, List<NamedProcess> processes) {
        if (!model.capabilities().contains(Capability.CLOSED_FORM)) {
            return Outcome.skipped("does not claim CLOSED_FORM");
        }
        double[] worst = {0};
        Outcome outcome = acrossSettings(model, processes, "matches the exact posterior mean",
                (loaded, setting, manager) -> {
                    ClosedFormData exact = setting.closedForm().orElseThrow();
                    Condition condition = condition(setting);
                    for (double t : times(setting)) {
                        NDArray x = noisy(setting, manager, t, DataType.FLOAT64);
                        NDArray expected = exact.posteriorMean(x, PathPoint.of(setting.process(), t), condition);
                        NDArray got = loaded.denoise(x, t, condition);
                        double scale = Math.max(1.0, expected.abs().max().getDouble());
                        double deviation = maxAbs(got, expected) / scale;
                        if (!(deviation <= CLOSED_FORM_TOLERANCE)) {
                            return "at t = " + fmt(t) + " (noise level " + fmt(setting.process().noiseLevel(t))
                                    + (condition.isNone() ? "" : ", " + condition) + ") x0_hat deviates from the exact"
                                    + " posterior mean by " + fmt(deviation) + " (max abs / max(1, |E[x0|x_t]|));"
                                    + " accepted: " + CLOSED_FORM_TOLERANCE;
                        }
                        worst[0] = Math.max(worst[0], deviation);
                    }
                    return null;
                });
        if (outcome.status() == Outcome.Status.PASSED) {
            return Outcome.passed("largest relative deviation " + fmt(worst[0]) + "; " + outcome.message());
        }
        return outcome;
    }

    static boolean finite(NDArray array) {
        return !array.isNaN().any().getBoolean() && !array.isInfinite().any().getBoolean();
    }

    /** max |a - b| in float64 (infinite if shapes differ). */
    static double maxAbs(NDArray a, NDArray b) {
        if (!a.getShape().equals(b.getShape())) {
            return Double.POSITIVE_INFINITY;
        }
        return a.toType(DataType.FLOAT64, false).sub(b.toType(DataType.FLOAT64, false)).abs().max().getDouble();
    }
}
