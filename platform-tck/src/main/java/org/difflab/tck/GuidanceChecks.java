package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.difflab.api.Guidance;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.tck.fixtures.LabelledReferenceData;
import org.difflab.tck.fixtures.ReferenceGuidanceContext;

/**
 * The contract of a {@link Guidance}, composed over the exact class-conditional denoiser of the labelled reference
 * mixture ({@link ReferenceGuidanceContext}) on every given process, queried at noisy draws at the process's sampling
 * times, for three kinds of batch: unconditioned, labelled, and partly labelled (some samples with no label).
 *
 * <p>NFE: the platform counts one NFE per call of the run's model or a guide, so a guidance is honest about its cost
 * when it evaluates models only through its context and asks each evaluation for at most the batch's rows: a guidance
 * that stacked the conditional and unconditional inputs into one call of twice the batch would be counted once.
 */
public final class GuidanceChecks {

    /** Kinds of batch the checks query, by name. */
    static final Map<String, Condition> BATCHES = batches();

    private GuidanceChecks() {}

    private static Map<String, Condition> batches() {
        int[] none = new int[ModelChecks.BATCH];
        Arrays.fill(none, Condition.NO_LABEL);
        Map<String, Condition> out = new LinkedHashMap<>();
        out.put("unconditioned", Condition.NONE);
        out.put("all 'no label'", Condition.labels(none));
        out.put("labelled", Condition.labels(0, 1, 2, 0, 1, 2));
        out.put("partly labelled", Condition.labels(ModelChecks.LABELS));
        return out;
    }

    /** Every check of {@code guidance}, on each of {@code processes}. */
    public static List<Check> of(Guidance guidance, List<NamedProcess> processes) {
        return List.of(
                new Check("guidance.unconditioned", "for an unconditioned batch (NONE, or every label 'no label') and no"
                        + " guide model, x0_hat is the model's prediction, bit for bit, float32 and float64",
                        () -> unconditioned(guidance, processes)),
                new Check("guidance.shape-and-type", "x0_hat has x's shape and type and is finite, for unconditioned,"
                        + " labelled and partly labelled batches, float32 and float64",
                        () -> shapeAndType(guidance, processes)),
                new Check("guidance.deterministic", "the same input gives the same x0_hat, bit for bit, on repeated"
                        + " calls and from a second guide()", () -> deterministic(guidance, processes)),
                new Check("guidance.evaluations", "every call evaluates the model (or a guide) through the context at"
                        + " least once, and no evaluation is asked for more rows than the batch has (one model call is"
                        + " one NFE)", () -> evaluations(guidance, processes)));
    }

    /** A property of a guided denoiser at one query: the violation, or null. */
    @FunctionalInterface
    private interface Probe {
        String run(ConditionalDenoiser guided, ReferenceGuidanceContext context, NDArray x, double t, String batch,
                Condition condition);
    }

    /** Runs {@code probe} at every query on every process, float32 and float64; the first violation fails. */
    private static String acrossQueries(Guidance guidance, List<NamedProcess> processes, Probe probe) {
        for (NamedProcess process : processes) {
            try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(process.process());
                    NDManager manager = NDManager.newBaseManager()) {
                ConditionalDenoiser guided = guidance.guide(context);
                for (double t : Probes.finiteNoiseTimes(process.process(), 5)) {
                    for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                        NDArray x = ModelChecks.noisy(new LabelledReferenceData(), process.process(), manager, t, type);
                        for (Map.Entry<String, Condition> batch : BATCHES.entrySet()) {
                            String failure = probe.run(guided, context, x, t, batch.getKey(), batch.getValue());
                            if (failure != null) {
                                return "on " + process.name() + " at t = " + fmt(t) + ", " + type + ", "
                                        + batch.getKey() + " batch: " + failure;
                            }
                        }
                    }
                }
            }
        }
        return null;
    }

    static Outcome unconditioned(Guidance guidance, List<NamedProcess> processes) {
        if (processes.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        for (NamedProcess process : processes) {
            try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(process.process())) {
                guidance.guide(context);
                if (context.guidesLoaded() > 0) {
                    return Outcome.skipped("loads a guide model: the check is for guidance without one");
                }
            }
        }
        String failure = acrossQueries(guidance, processes, (guided, context, x, t, batch, condition) -> {
            if (!condition.isNone()) {
                return null;
            }
            double difference = ModelChecks.maxAbs(guided.denoise(x, t, condition), context.prediction(x, t, condition));
            return difference == 0 ? null : "x0_hat differs from the model's prediction by " + fmt(difference)
                    + " (max abs); without labels and without a guide the guided denoiser must be the model itself"
                    + " (write a combination so that equal inputs give it exactly, e.g. u + w (c - u))";
        });
        return failure == null ? Outcome.passed("the model's prediction, bit for bit, for NONE and all-'no label'"
                + " batches on " + names(processes)) : Outcome.failed(failure);
    }

    static Outcome shapeAndType(Guidance guidance, List<NamedProcess> processes) {
        if (processes.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        String failure = acrossQueries(guidance, processes, (guided, context, x, t, batch, condition) -> {
            NDArray out = guided.denoise(x, t, condition);
            if (!out.getShape().equals(x.getShape()) || out.getDataType() != x.getDataType()) {
                return "for x of shape " + x.getShape() + " and type " + x.getDataType() + " x0_hat has shape "
                        + out.getShape() + " and type " + out.getDataType();
            }
            return ModelChecks.finite(out) ? null : "x0_hat is not finite";
        });
        return failure == null ? Outcome.passed("x's shape and type, finite, for " + String.join(", ",
                BATCHES.keySet()) + " batches on " + names(processes)) : Outcome.failed(failure);
    }

    static Outcome deterministic(Guidance guidance, List<NamedProcess> processes) {
        if (processes.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        String failure = acrossQueries(guidance, processes, (guided, context, x, t, batch, condition) -> {
            NDArray first = guided.denoise(x, t, condition);
            double repeated = ModelChecks.maxAbs(first, guided.denoise(x, t, condition));
            if (repeated != 0) {
                return "two calls with the same input differ by " + fmt(repeated) + " (max abs)";
            }
            double recomposed = ModelChecks.maxAbs(first, guidance.guide(context).denoise(x, t, condition));
            return recomposed == 0 ? null : "a second guide() on the same context gives x0_hat differing by "
                    + fmt(recomposed) + " (max abs)";
        });
        return failure == null ? Outcome.passed("identical on repeated calls and after a second guide() on "
                + names(processes)) : Outcome.failed(failure);
    }

    static Outcome evaluations(Guidance guidance, List<NamedProcess> processes) {
        if (processes.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        Map<String, TreeSet<Integer>> perCall = new LinkedHashMap<>();
        String failure = acrossQueries(guidance, processes, (guided, context, x, t, batch, condition) -> {
            int before = context.evaluations();
            guided.denoise(x, t, condition);
            List<Long> rows = context.evaluatedRows().subList(before, context.evaluations());
            if (rows.isEmpty()) {
                return "the call evaluated neither the context's model nor a guide loaded through it: the platform"
                        + " counts NFE on those, so this guidance's cost would be reported as 0";
            }
            long batchRows = x.getShape().get(0);
            for (long asked : rows) {
                if (asked > batchRows) {
                    return "one model evaluation was asked for " + asked + " rows for a batch of " + batchRows
                            + ": the platform counts one NFE per model call, so evaluations stacked into one call are"
                            + " under-counted; evaluate the conditional and unconditional predictions as separate calls";
                }
            }
            perCall.computeIfAbsent(batch, key -> new TreeSet<>()).add(rows.size());
            return null;
        });
        if (failure != null) {
            return Outcome.failed(failure);
        }
        StringBuilder counts = new StringBuilder("model evaluations per call: ");
        perCall.forEach((batch, counted) -> counts.append(batch).append(' ')
                .append(counted.first().equals(counted.last()) ? counted.first() : counted.first() + "-" + counted.last())
                .append(", "));
        return Outcome.passed(counts.append("none asked for more rows than the batch").toString());
    }

    private static String names(List<NamedProcess> processes) {
        return String.join(", ", processes.stream().map(NamedProcess::name).toList());
    }
}
