package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.MetricValue;
import org.difflab.api.Points;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.ModelUnderTest.LabelledRows;
import org.difflab.tck.fixtures.LabelledReferenceData;
import org.difflab.tck.fixtures.ReferenceData;
import org.difflab.tck.fixtures.ReferenceModelUnderTest;
import org.difflab.tck.fixtures.ReferenceProcesses;

/**
 * The contract of a {@link Metric}, on draws from a data source (by default the contract suite's reference mixture,
 * labelled by component when the metric needs {@link Metric.Need#LABELS}): the value is finite and reproducible;
 * {@link Metric#measure} gives {@link Metric#compute}'s value; with {@link Capability#ZERO_FOR_IDENTICAL} it is zero
 * when the samples are the reference; with {@link Capability#SYMMETRIC} swapping samples and reference leaves it
 * unchanged. The samples stand for a perfect sampler (a draw from the data, each sample's label the class it was
 * drawn from). A metric that needs {@link Metric.Need#MODEL} sees the data's exact denoiser on the EDM-like reference
 * process ({@link ReferenceModelUnderTest}) and must change when the model is wrong; one that needs
 * {@link Metric.Need#LABELS} must change when the samples' labels are wrong. A metric that declares it uses fewer
 * data points than the checks draw ({@link Metric#referencePoints()}) must give a value with only that many.
 */
public final class MetricChecks {

    /** Samples per set. */
    static final int COUNT = 256;
    /** The bias of the wrong model of {@code metric.uses-model}, added to every coordinate of x0_hat. */
    static final double WRONG_MODEL_BIAS = 0.5;

    private MetricChecks() {}

    /** The data a metric's checks use by default: the reference mixture, labelled if the metric needs labels. */
    public static DataSource referenceDataFor(Metric metric) {
        return metric.needs().contains(Metric.Need.LABELS) ? new LabelledReferenceData() : new ReferenceData();
    }

    /** Every check of {@code metric} on its default data ({@link #referenceDataFor}). */
    public static List<Check> of(Metric metric) {
        return of(metric, referenceDataFor(metric));
    }

    /** Every check of {@code metric} on {@code data}. */
    public static List<Check> of(Metric metric, DataSource data) {
        return List.of(
                new Check("metric.finite", "a finite value on two independent draws, the same for the same input",
                        () -> finite(metric, data)),
                new Check("metric.measure", "measure() gives compute()'s value, with finite details",
                        () -> measure(metric, data)),
                new Check("metric.zero-for-identical", "zero when the samples are the reference (claimed by"
                        + " ZERO_FOR_IDENTICAL)", () -> zeroForIdentical(metric, data)),
                new Check("metric.symmetric", "unchanged when samples and reference are swapped (claimed by SYMMETRIC)",
                        () -> symmetric(metric, data)),
                new Check("metric.uses-model", "changes when the exact denoiser is replaced by one biased by "
                        + WRONG_MODEL_BIAS + " (needs MODEL)", () -> usesModel(metric, data)),
                new Check("metric.uses-labels", "changes when every sample's label is replaced by the next class"
                        + " (needs LABELS)", () -> usesLabels(metric, data)),
                new Check("metric.reference-points", "referencePoints() is not negative, and a finite value comes from"
                        + " a reference and a baseline draw of only that many points, as a run draws them",
                        () -> referencePoints(metric, data)));
    }

    /** A draw of {@link #COUNT} rows with their labels (null for unlabelled data). */
    private static LabelledRows draw(DataSource data, long seed) {
        return LabelledRows.draw(data, COUNT, new Rng(seed));
    }

    /** Why the checks cannot run {@code metric} on {@code data}, if they cannot. */
    private static Optional<Outcome> inapplicable(Metric metric, DataSource data) {
        Optional<String> reason = metric.inapplicableTo(data);
        if (reason.isPresent()) {
            return Optional.of(Outcome.skipped("not applicable to " + data + ": " + reason.get()));
        }
        if (metric.needs().contains(Metric.Need.MODEL) && data.closedForm().isEmpty()) {
            return Optional.of(Outcome.skipped("needs the model, and the checks' model is the data's exact denoiser:"
                    + " " + data + " has no closed form"));
        }
        if (metric.needs().contains(Metric.Need.LABELS) && data.classes() == 0) {
            return Optional.of(Outcome.skipped("needs labels, and " + data + " has none"));
        }
        return Optional.empty();
    }

    /** A check on two independent draws from the data. */
    private interface OnDraws {
        Outcome check(LabelledRows samples, LabelledRows reference);
    }

    /**
     * Runs {@code check} on two independent draws (the samples from seed 1, the reference from seed 2), or skips it
     * where the checks cannot run the metric on the data.
     */
    private static Outcome onTwoDraws(Metric metric, DataSource data, OnDraws check) {
        Optional<Outcome> skip = inapplicable(metric, data);
        if (skip.isPresent()) {
            return skip.get();
        }
        return check.check(draw(data, 1), draw(data, 2));
    }

    /** What is computed from a metric's input: compute() or measure(). */
    private interface Evaluation<T> {
        T apply(MetricInput input);
    }

    /**
     * Evaluates {@code metric} on samples {@code a} (with their own labels) and reference {@code b}, with the data's
     * exact model. The metric sees the model and labels only where it declares it needs them.
     */
    private static <T> T evaluate(Metric metric, DataSource data, LabelledRows a, LabelledRows b,
            Evaluation<T> evaluation) {
        return evaluate(metric, data, a, a.labels(), b, null, evaluation);
    }

    private static <T> T evaluate(Metric metric, DataSource data, LabelledRows samples, int[] sampleLabels,
            LabelledRows reference, ConditionalDenoiser model, Evaluation<T> evaluation) {
        boolean labels = metric.needs().contains(Metric.Need.LABELS);
        if (!metric.needs().contains(Metric.Need.MODEL)) {
            return evaluation.apply(new MetricInput(Points.of(samples.rows()), Points.of(reference.rows()), data,
                    new Rng(9), labels ? sampleLabels : null, labels ? reference.labels() : null, null));
        }
        try (ReferenceModelUnderTest underTest = model == null
                ? ReferenceModelUnderTest.exact(data, ReferenceProcesses.EDM_LIKE)
                : new ReferenceModelUnderTest(model, ReferenceProcesses.EDM_LIKE, data)) {
            return evaluation.apply(new MetricInput(Points.of(samples.rows()), Points.of(reference.rows()), data,
                    new Rng(9), labels ? sampleLabels : null, labels ? reference.labels() : null, underTest));
        }
    }

    static Outcome finite(Metric metric, DataSource data) {
        return onTwoDraws(metric, data, (samples, reference) -> {
            double value = evaluate(metric, data, samples, reference, metric::compute);
            if (!Double.isFinite(value)) {
                return Outcome.failed("value " + value + " on two independent draws of " + COUNT + " from " + data);
            }
            double again = evaluate(metric, data, samples, reference, metric::compute);
            if (again != value) {
                return Outcome.failed("the same input and seed gave " + fmt(value) + " and then " + fmt(again));
            }
            return Outcome.passed("value " + fmt(value) + " on two draws of " + COUNT + " from " + data);
        });
    }

    static Outcome measure(Metric metric, DataSource data) {
        return onTwoDraws(metric, data, (samples, reference) -> {
            double computed = evaluate(metric, data, samples, reference, metric::compute);
            MetricValue measured = evaluate(metric, data, samples, reference, metric::measure);
            // The same computation, perhaps summed in another order when measure() also computes its details.
            if (!(Math.abs(measured.value() - computed) <= 1e-12 * Math.max(1.0, Math.abs(computed)))) {
                return Outcome.failed("measure() gives " + fmt(measured.value()) + " but compute() gives "
                        + fmt(computed) + " for the same input");
            }
            for (Map.Entry<String, Double> detail : measured.details().entrySet()) {
                if (detail.getKey() == null || !detail.getKey().matches("[a-z0-9_]+")) {
                    return Outcome.failed("detail name '" + detail.getKey() + "' is not lower case, digits and '_'"
                            + " (it is reported as <metric id>_<name>)");
                }
                if (detail.getValue() == null || !Double.isFinite(detail.getValue())) {
                    return Outcome.failed("detail " + detail.getKey() + " is " + detail.getValue());
                }
            }
            return Outcome.passed("value " + fmt(computed) + (measured.details().isEmpty() ? ", no details"
                    : ", details " + String.join(", ", measured.details().entrySet().stream()
                            .map(e -> e.getKey() + " " + fmt(e.getValue())).toList())));
        });
    }

    static Outcome zeroForIdentical(Metric metric, DataSource data) {
        if (!metric.capabilities().contains(Capability.ZERO_FOR_IDENTICAL)) {
            return Outcome.skipped("does not claim ZERO_FOR_IDENTICAL");
        }
        return onTwoDraws(metric, data, (samples, reference) -> {
            double value = evaluate(metric, data, samples, samples, metric::compute);
            // Exact zero is expected in exact arithmetic; 1e-9 allows summation round-off over 256^2 pairs.
            if (!(Math.abs(value) <= 1e-9)) {
                return Outcome.failed("value " + fmt(value) + " for identical sample and reference sets (" + COUNT
                        + " draws); expected 0");
            }
            return Outcome.passed("value " + fmt(value) + " for identical sets");
        });
    }

    static Outcome symmetric(Metric metric, DataSource data) {
        if (!metric.capabilities().contains(Capability.SYMMETRIC)) {
            return Outcome.skipped("does not claim SYMMETRIC");
        }
        return onTwoDraws(metric, data, (a, b) -> {
            double ab = evaluate(metric, data, a, b, metric::compute);
            double ba = evaluate(metric, data, b, a, metric::compute);
            if (!(Math.abs(ab - ba) <= 1e-9 * Math.max(1.0, Math.abs(ab)))) {
                return Outcome.failed("value " + fmt(ab) + " but " + fmt(ba) + " with samples and reference swapped");
            }
            return Outcome.passed("value " + fmt(ab) + " either way");
        });
    }

    static Outcome referencePoints(Metric metric, DataSource data) {
        int points = metric.referencePoints();
        if (points < 0) {
            return Outcome.failed("referencePoints() is " + points + "; it must be 0 (reads no data draw), the most"
                    + " points the metric uses, or Metric.ALL_POINTS");
        }
        if (points >= COUNT) {
            return Outcome.skipped("uses up to " + (points == Metric.ALL_POINTS ? "every point" : points + " points")
                    + " of a data draw; the other checks draw " + COUNT);
        }
        return onTwoDraws(metric, data, (samples, reference) -> {
            LabelledRows fewer = first(reference, points);
            double value = evaluate(metric, data, samples, fewer, metric::compute);
            if (!Double.isFinite(value)) {
                return Outcome.failed("value " + value + " with " + COUNT + " samples and the " + points
                        + " reference points referencePoints() asks for");
            }
            if (!metric.comparesSamples()) {
                return Outcome.passed("value " + fmt(value) + " with " + points + " reference points");
            }
            // the data-vs-data baseline: a draw of as many points stands in for the samples
            double baseline = evaluate(metric, data, first(samples, points), fewer, metric::compute);
            if (!Double.isFinite(baseline)) {
                return Outcome.failed("baseline value " + baseline + " with " + points + " data points in place of"
                        + " the samples and " + points + " reference points");
            }
            return Outcome.passed("value " + fmt(value) + " with " + points + " reference points, baseline "
                    + fmt(baseline));
        });
    }

    /** The first {@code n} rows of a draw, with their labels. */
    private static LabelledRows first(LabelledRows rows, int n) {
        return new LabelledRows(java.util.Arrays.copyOf(rows.rows(), n),
                rows.labels() == null ? null : java.util.Arrays.copyOf(rows.labels(), n));
    }

    static Outcome usesModel(Metric metric, DataSource data) {
        if (!metric.needs().contains(Metric.Need.MODEL)) {
            return Outcome.skipped("does not need the model");
        }
        return onTwoDraws(metric, data, (samples, reference) -> {
            ClosedFormData exact = data.closedForm().orElseThrow();
            ConditionalDenoiser biased = (x, t, condition) -> exact.posteriorMean(x,
                    PathPoint.of(ReferenceProcesses.EDM_LIKE, t), condition).add(WRONG_MODEL_BIAS);
            double right = evaluate(metric, data, samples, reference, metric::compute);
            double wrong = evaluate(metric, data, samples, samples.labels(), reference, biased, metric::compute);
            if (wrong == right) {
                return Outcome.failed("declares that it needs the model, but gives " + fmt(right) + " with the exact"
                        + " denoiser and with one biased by " + WRONG_MODEL_BIAS + " alike");
            }
            return Outcome.passed("value " + fmt(right) + " with the exact denoiser, " + fmt(wrong)
                    + " with one biased by " + WRONG_MODEL_BIAS);
        });
    }

    static Outcome usesLabels(Metric metric, DataSource data) {
        if (!metric.needs().contains(Metric.Need.LABELS)) {
            return Outcome.skipped("does not need labels");
        }
        return onTwoDraws(metric, data, (samples, reference) -> {
            int[] shifted = new int[COUNT];
            for (int i = 0; i < COUNT; i++) {
                shifted[i] = (samples.labels()[i] + 1) % data.classes();
            }
            double right = evaluate(metric, data, samples, reference, metric::compute);
            double wrong = evaluate(metric, data, samples, shifted, reference, null, metric::compute);
            if (wrong == right) {
                return Outcome.failed("declares that it needs labels, but gives " + fmt(right) + " with the samples'"
                        + " own labels and with every label replaced by the next class alike");
            }
            return Outcome.passed("value " + fmt(right) + " with the samples' labels, " + fmt(wrong)
                    + " with every label replaced by the next class");
        });
    }
}
