package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ModelUnderTest.LabelledRows;

/**
 * The contract of a {@link DataSource}: draws have shape [n, ...sampleShape], are float64, finite and determined by
 * the seed; an exact denoiser, where offered, equals the Monte-Carlo posterior mean E[x0 | x_t] computed from the
 * source's own draws (self-normalised importance weights N(x_t; alpha x0_i, sigma^2 I)). Labelled data: labels lie
 * in [0, classes), labelled examples are the unlabelled draws, label frequencies follow classWeights(), and where a
 * closed form exists its class posterior is calibrated and its conditional denoiser E[x0 | x_t, c] equals the
 * Monte-Carlo posterior mean of the draws of class c.
 */
public final class DataSourceChecks {

    /** Draws behind the Monte-Carlo posterior mean. */
    static final int MC_DRAWS = 100_000;
    /** Query points per path point. */
    static final int QUERIES = 8;
    /** Labelled draws behind the class-frequency and class-posterior checks. */
    static final int LABEL_DRAWS = 20_000;
    /** Draws per batch where many labelled draws are counted (bounds memory for image data). */
    private static final int BATCH = 1000;
    /** A class needs this many of the Monte-Carlo draws to be queried conditionally. */
    private static final int MIN_CLASS_DRAWS = 1000;

    private DataSourceChecks() {}

    /** Every check of {@code data}. */
    public static List<Check> of(DataSource data) {
        return List.of(
                new Check("data.draws", "draws of shape [n, ...sampleShape], float64, finite, determined by the seed",
                        () -> draws(data)),
                new Check("data.exact-denoiser", "the exact denoiser equals the Monte-Carlo posterior mean of the"
                        + " source's own draws (offered with CLOSED_FORM)", () -> exactDenoiser(data)),
                new Check("data.labels", "labelled draws carry one label in [0, classes) per example (none for"
                        + " unlabelled data), their examples are sample()'s for the same seed, and classWeights(),"
                        + " where given, is a distribution over the classes", () -> labels(data)),
                new Check("data.class-frequencies", "label frequencies of labelled draws match classWeights() within 5"
                        + " binomial standard errors (where classWeights() is given)", () -> classFrequencies(data)),
                new Check("data.class-posterior", "the closed form's class posterior p(c | x0) is a distribution and is"
                        + " calibrated on the source's labelled draws: E[(1{label = c} - p(c | x0)) g(x0)] = 0 for"
                        + " g = 1 and each coordinate (labelled data with CLOSED_FORM)", () -> classPosterior(data)),
                new Check("data.conditional-exact-denoiser", "the exact class-conditional denoiser equals the"
                        + " Monte-Carlo posterior mean of the draws of each sample's class, or of all draws for a"
                        + " sample with no label (labelled data with CLOSED_FORM)", () -> conditionalDenoiser(data)));
    }

    static Outcome draws(DataSource data) {
        Shape shape = data.sampleShape();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = data.sample(manager, 64, new Rng(3));
            Shape expected = new Shape(64).addAll(shape);
            if (!a.getShape().equals(expected)) {
                return Outcome.failed("sample(64) has shape " + a.getShape() + "; expected " + expected);
            }
            if (a.getDataType() != DataType.FLOAT64) {
                return Outcome.failed("sample() returns " + a.getDataType() + "; data are float64");
            }
            if (a.isNaN().any().getBoolean() || a.isInfinite().any().getBoolean()) {
                return Outcome.failed("sample() returned non-finite values");
            }
            NDArray b = data.sample(manager, 64, new Rng(3));
            double sameSeed = a.sub(b).abs().max().getDouble();
            if (sameSeed != 0) {
                return Outcome.failed("two draws with seed 3 differ by " + fmt(sameSeed) + " (max abs)");
            }
            NDArray c = data.sample(manager, 64, new Rng(4));
            if (a.sub(c).abs().max().getDouble() == 0) {
                return Outcome.failed("draws with seeds 3 and 4 are identical: the draws ignore the seed");
            }
            return Outcome.passed("shape " + expected + ", float64, reproducible");
        }
    }

    static Outcome exactDenoiser(DataSource data) {
        Optional<ClosedFormData> offered = data.closedForm();
        if (offered.isEmpty()) {
            return missingClosedForm(data);
        }
        int dims = Math.toIntExact(data.sampleShape().size());
        if (offered.get().dims() != dims) {
            return Outcome.failed("closedForm().dims() = " + offered.get().dims() + " but a sample has " + dims
                    + " values");
        }
        double[][] x0;
        double[][] queries0;
        try (NDManager manager = NDManager.newBaseManager()) {
            x0 = LabelledRows.rowsOf(data.sample(manager, MC_DRAWS, new Rng(101)));
            queries0 = LabelledRows.rowsOf(data.sample(manager, QUERIES, new Rng(202)));
        }
        Outcome outcome = againstMonteCarlo(offered.get(), x0, null, queries0, null);
        boolean claimed = data.capabilities().contains(Capability.CLOSED_FORM);
        return outcome.isFailure() || claimed ? outcome : Outcome.passed(outcome.message()
                + "; note: closedForm() is offered but CLOSED_FORM is not claimed");
    }

    /** A check of a labelled source's closed form on labelled draws from it. */
    private interface OnLabelledDraws {
        Outcome check(ClosedFormData exact, int classes, double[][] x0, int[] labels);
    }

    /**
     * Runs {@code check} on {@code n} labelled draws (seeded by {@code seed}) of a source that offers a closed form and
     * labels; skips an unlabelled source or one without a closed form (failing one that claims CLOSED_FORM).
     */
    private static Outcome onLabelledClosedForm(DataSource data, int n, long seed, OnLabelledDraws check) {
        Optional<ClosedFormData> offered = data.closedForm();
        if (offered.isEmpty()) {
            return missingClosedForm(data);
        }
        int classes = data.classes();
        if (classes == 0) {
            return Outcome.skipped("unlabelled data (classes() = 0)");
        }
        LabelledRows drawn = LabelledRows.draw(data, n, new Rng(seed));
        if (drawn.labels() == null) {
            return Outcome.failed("classes() = " + classes + " but sampleLabelled gives no labels");
        }
        return check.check(offered.get(), classes, drawn.rows(), drawn.labels());
    }

    static Outcome conditionalDenoiser(DataSource data) {
        return onLabelledClosedForm(data, MC_DRAWS, 101, (exact, classes, x0, labels) -> {
            double[][] queries0 = LabelledRows.draw(data, QUERIES, new Rng(202)).rows();
            return conditionalDenoiser(exact, classes, x0, labels, queries0);
        });
    }

    private static Outcome conditionalDenoiser(ClosedFormData exact, int classes, double[][] x0, int[] labels,
            double[][] queries0) {
        // Query labels cycle through "no label" and every class with enough draws for the Monte-Carlo estimate.
        List<Integer> queried = new ArrayList<>(List.of(Condition.NO_LABEL));
        List<String> rare = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            final int label = c;
            long count = Arrays.stream(labels).filter(l -> l == label).count();
            if (count >= MIN_CLASS_DRAWS) {
                queried.add(c);
            } else {
                rare.add(c + " (" + count + " draws)");
            }
        }
        if (queried.size() == 1) {
            return Outcome.skipped("no class has " + MIN_CLASS_DRAWS + " of " + MC_DRAWS + " draws: " + rare);
        }
        int[] queryLabels = new int[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            queryLabels[q] = queried.get(q % queried.size());
        }
        Outcome outcome = againstMonteCarlo(exact, x0, labels, queries0, queryLabels);
        return outcome.isFailure() || rare.isEmpty() ? outcome : Outcome.passed(outcome.message()
                + "; classes not queried (too few draws): " + rare);
    }

    private static Outcome missingClosedForm(DataSource data) {
        return data.capabilities().contains(Capability.CLOSED_FORM)
                ? Outcome.failed("claims CLOSED_FORM but closedForm() is empty")
                : Outcome.skipped("offers no closed form (CLOSED_FORM not claimed)");
    }

    /**
     * Compares the exact denoiser at noisy versions of {@code queries0} with the Monte-Carlo posterior mean of
     * {@code x0}: unconditionally when {@code queryLabels} is null, else query q conditioned on its label, against
     * the draws of that class ({@code labels}) or all draws for {@link Condition#NO_LABEL}.
     */
    private static Outcome againstMonteCarlo(ClosedFormData exact, double[][] x0, int[] labels, double[][] queries0,
            int[] queryLabels) {
        int dims = x0[0].length;
        double[][][] drawsOf = new double[QUERIES][][];
        for (int q = 0; q < QUERIES; q++) {
            drawsOf[q] = queryLabels == null || queryLabels[q] == Condition.NO_LABEL ? x0 : ofClass(x0, labels,
                    queryLabels[q]);
        }
        Rng noise = new Rng(303);
        double worstZ = 0;
        StringBuilder where = new StringBuilder();
        // Two path points per noise scale: alpha = 1 (EDM/VE) and alpha = 0.6 (VP-like). The noise scale starts at the
        // data's spread and doubles until the importance weights have an effective sample size of at least 1000.
        for (double alpha : new double[] {1.0, 0.6}) {
            double sigma = alpha == 1.0 ? 1.0 : 0.8;
            for (int attempt = 0; attempt < 8; attempt++, sigma *= 2) {
                double[][] xt = new double[QUERIES][dims];
                for (int q = 0; q < QUERIES; q++) {
                    for (int j = 0; j < dims; j++) {
                        xt[q][j] = alpha * queries0[q][j] + sigma * noise.nextGaussian();
                    }
                }
                PathPoint p = new PathPoint(sigma, alpha, sigma, 0.0, 1.0);
                double[][] exactMean;
                try (NDManager manager = NDManager.newBaseManager()) {
                    NDArray x = manager.create(flatten(xt), new Shape(QUERIES, dims));
                    exactMean = LabelledRows.rowsOf(queryLabels == null ? exact.posteriorMean(x, p)
                            : exact.posteriorMean(x, p, Condition.labels(queryLabels)));
                }
                MonteCarlo[] mc = new MonteCarlo[QUERIES];
                double smallestEss = Double.POSITIVE_INFINITY;
                for (int q = 0; q < QUERIES; q++) {
                    mc[q] = MonteCarlo.of(drawsOf[q], new double[][] {xt[q]}, alpha, sigma);
                    smallestEss = Math.min(smallestEss, mc[q].smallestEss);
                }
                if (smallestEss < 1000 && attempt < 7) {
                    continue;
                }
                for (int q = 0; q < QUERIES; q++) {
                    for (int j = 0; j < dims; j++) {
                        double mean = mc[q].mean[0][j];
                        double error = mc[q].error[0][j];
                        double z = Math.abs(exactMean[q][j] - mean) / (error + 1e-12);
                        // 5 Monte-Carlo standard errors: per comparison a false alarm has probability ~6e-7.
                        if (!(z <= 5)) {
                            String given = queryLabels == null ? "" : queryLabels[q] == Condition.NO_LABEL
                                    ? " (no label)" : " (label " + queryLabels[q] + ")";
                            String of = queryLabels == null || queryLabels[q] == Condition.NO_LABEL
                                    ? drawsOf[q].length + " draws"
                                    : "the " + drawsOf[q].length + " draws of class " + queryLabels[q];
                            return Outcome.failed("at alpha = " + fmt(alpha) + ", sigma = " + fmt(sigma) + " the exact"
                                    + " denoiser gives " + fmt(exactMean[q][j]) + " for coordinate " + j + " of query " + q
                                    + given + " but the Monte-Carlo posterior mean of " + of + " is " + fmt(mean)
                                    + " +- " + fmt(error) + " (" + fmt(z) + " standard errors; effective sample size "
                                    + Math.round(mc[q].smallestEss) + ")");
                        }
                        worstZ = Math.max(worstZ, z);
                    }
                }
                where.append(where.length() == 0 ? "" : ", ").append("alpha ").append(fmt(alpha)).append(" sigma ")
                        .append(fmt(sigma)).append(" (ESS >= ").append(Math.round(smallestEss)).append(')');
                break;
            }
        }
        String labelled = queryLabels == null ? "" : " labelled " + Arrays.toString(queryLabels);
        return Outcome.passed("largest deviation " + fmt(worstZ) + " standard errors over " + QUERIES + labelled
                + " queries at " + where);
    }

    private static double[][] ofClass(double[][] x0, int[] labels, int c) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < x0.length; i++) {
            if (labels[i] == c) {
                out.add(x0[i]);
            }
        }
        return out.toArray(double[][]::new);
    }

    static Outcome labels(DataSource data) {
        int classes = data.classes();
        if (classes < 0) {
            return Outcome.failed("classes() = " + classes + "; expected 0 (unlabelled) or the number of classes");
        }
        int n = 256;
        try (NDManager manager = NDManager.newBaseManager()) {
            DataSource.Labelled labelled = data.sampleLabelled(manager, n, new Rng(3));
            if (labelled == null || labelled.x0() == null) {
                return Outcome.failed("sampleLabelled(" + n + ") returned no examples");
            }
            NDArray plain = data.sample(manager, n, new Rng(3));
            if (!labelled.x0().getShape().equals(plain.getShape())) {
                return Outcome.failed("sampleLabelled(" + n + ") gives examples of shape " + labelled.x0().getShape()
                        + " but sample(" + n + ") of shape " + plain.getShape());
            }
            double diff = labelled.x0().toType(DataType.FLOAT64, false).sub(plain.toType(DataType.FLOAT64, false))
                    .abs().max().getDouble();
            if (diff != 0) {
                return Outcome.failed("sampleLabelled's examples differ from sample()'s for the same seed by "
                        + fmt(diff) + " (max abs); labelled draws must be the unlabelled draws of the same stream");
            }
            int[] labels = labelled.labels();
            Optional<double[]> weights = data.classWeights();
            if (classes == 0) {
                if (labels != null) {
                    return Outcome.failed("classes() is 0 but sampleLabelled gives labels; unlabelled data give null");
                }
                if (weights.isPresent()) {
                    return Outcome.failed("classes() is 0 but classWeights() gives " + Arrays.toString(weights.get()));
                }
                return Outcome.passed("unlabelled: sampleLabelled gives sample()'s draws and no labels");
            }
            if (labels == null || labels.length != n) {
                return Outcome.failed("classes() = " + classes + " but sampleLabelled(" + n + ") gives "
                        + (labels == null ? "no labels" : labels.length + " labels") + "; expected one per example");
            }
            for (int i = 0; i < n; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    return Outcome.failed("label " + labels[i] + " of draw " + i + " is outside [0, " + classes + ")");
                }
            }
            if (weights.isPresent()) {
                double[] w = weights.get();
                if (w.length != classes) {
                    return Outcome.failed("classWeights() has " + w.length + " entries for " + classes + " classes");
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    if (!(w[c] >= 0) || !Double.isFinite(w[c])) {
                        return Outcome.failed("classWeights()[" + c + "] = " + w[c] + "; expected a probability");
                    }
                    sum += w[c];
                }
                if (Math.abs(sum - 1) > 1e-9) {
                    return Outcome.failed("classWeights() sums to " + sum + "; expected 1");
                }
            }
            return Outcome.passed(classes + " classes, labels in range, labelled examples equal sample()'s"
                    + (weights.isPresent() ? ", classWeights() sums to 1" : ", no classWeights()"));
        }
    }

    static Outcome classFrequencies(DataSource data) {
        int classes = data.classes();
        if (classes == 0) {
            return Outcome.skipped("unlabelled data (classes() = 0)");
        }
        Optional<double[]> given = data.classWeights();
        if (given.isEmpty()) {
            return Outcome.skipped("classWeights() not given");
        }
        double[] weights = given.get();
        long[] counts = new long[classes];
        Rng rng = new Rng(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int done = 0; done < LABEL_DRAWS; done += BATCH) {
                try (NDManager batch = manager.newSubManager()) {
                    int[] labels = data.sampleLabelled(batch, BATCH, rng.split(done)).labels();
                    if (labels == null) {
                        return Outcome.failed("classes() = " + classes + " but sampleLabelled gives no labels");
                    }
                    for (int label : labels) {
                        if (label < 0 || label >= classes || weights.length != classes) {
                            return Outcome.failed("label " + label + " or classWeights() of length " + weights.length
                                    + " does not fit " + classes + " classes (see data.labels)");
                        }
                        counts[label]++;
                    }
                }
            }
        }
        double worstZ = 0;
        for (int c = 0; c < classes; c++) {
            double frequency = (double) counts[c] / LABEL_DRAWS;
            double error = Math.sqrt(weights[c] * (1 - weights[c]) / LABEL_DRAWS);
            double z = Math.abs(frequency - weights[c]) / (error + 1e-12);
            if (!(z <= 5)) {
                return Outcome.failed("class " + c + " has frequency " + fmt(frequency) + " in " + LABEL_DRAWS
                        + " labelled draws but classWeights() gives " + fmt(weights[c]) + " (" + fmt(z)
                        + " binomial standard errors)");
            }
            worstZ = Math.max(worstZ, z);
        }
        return Outcome.passed("largest deviation " + fmt(worstZ) + " standard errors over " + classes + " classes ("
                + LABEL_DRAWS + " draws)");
    }

    static Outcome classPosterior(DataSource data) {
        return onLabelledClosedForm(data, LABEL_DRAWS, 7, DataSourceChecks::classPosterior);
    }

    private static Outcome classPosterior(ClosedFormData exact, int classes, double[][] x0, int[] labels) {
        int dims = x0[0].length;
        double[][] posterior = exact.classPosterior(x0);
        if (posterior.length != x0.length) {
            return Outcome.failed("classPosterior of " + x0.length + " points gives " + posterior.length + " rows");
        }
        for (int i = 0; i < posterior.length; i++) {
            if (posterior[i].length != classes) {
                return Outcome.failed("classPosterior row " + i + " has " + posterior[i].length + " entries for "
                        + classes + " classes");
            }
            double sum = 0;
            for (double value : posterior[i]) {
                if (!(value >= -1e-12 && value <= 1 + 1e-12)) {
                    return Outcome.failed("classPosterior row " + i + " holds " + value + "; expected probabilities");
                }
                sum += value;
            }
            if (Math.abs(sum - 1) > 1e-9) {
                return Outcome.failed("classPosterior row " + i + " sums to " + sum + "; expected 1");
            }
        }
        // Calibration: p(c | x0) = E[1{label = c} | x0], so (1{label = c} - p(c | x0)) is uncorrelated with any
        // function of x0; checked for g = 1 (the label frequencies) and g = each coordinate (the dependence on x0).
        double worstZ = 0;
        double[] product = new double[x0.length];
        for (int c = 0; c < classes; c++) {
            for (int g = -1; g < dims; g++) {
                for (int i = 0; i < x0.length; i++) {
                    double residual = (labels[i] == c ? 1.0 : 0.0) - posterior[i][c];
                    product[i] = residual * (g < 0 ? 1.0 : x0[i][g]);
                }
                double mean = Arrays.stream(product).average().orElseThrow();
                double variance = Arrays.stream(product).map(v -> (v - mean) * (v - mean)).sum() / (x0.length - 1);
                double error = Math.sqrt(variance / x0.length);
                double z = Math.abs(mean) / (error + 1e-15);
                if (!(z <= 5)) {
                    return Outcome.failed("over " + x0.length + " labelled draws, the mean of (1{label = " + c
                            + "} - p(" + c + " | x0)) * " + (g < 0 ? "1" : "x0[" + g + "]") + " is " + fmt(mean)
                            + " +- " + fmt(error) + " (" + fmt(z) + " standard errors); expected 0: the class"
                            + " posterior does not match the source's labels");
                }
                worstZ = Math.max(worstZ, z);
            }
        }
        return Outcome.passed("rows sum to 1; calibrated on " + x0.length + " labelled draws (largest deviation "
                + fmt(worstZ) + " standard errors over " + classes * (dims + 1) + " moments)");
    }

    /** Self-normalised importance estimate of E[x0 | x_t] from prior draws, with its standard error. */
    private record MonteCarlo(double[][] mean, double[][] error, double smallestEss) {

        static MonteCarlo of(double[][] x0, double[][] xt, double alpha, double sigma) {
            int n = x0.length;
            int dims = xt[0].length;
            double[][] mean = new double[xt.length][dims];
            double[][] error = new double[xt.length][dims];
            double smallestEss = Double.POSITIVE_INFINITY;
            double[] logW = new double[n];
            for (int q = 0; q < xt.length; q++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double sq = 0;
                    for (int j = 0; j < dims; j++) {
                        double d = xt[q][j] - alpha * x0[i][j];
                        sq += d * d;
                    }
                    logW[i] = -0.5 * sq / (sigma * sigma);
                    max = Math.max(max, logW[i]);
                }
                double total = 0;
                double total2 = 0;
                double[] w = new double[n];
                for (int i = 0; i < n; i++) {
                    w[i] = Math.exp(logW[i] - max);
                    total += w[i];
                }
                for (int i = 0; i < n; i++) {
                    w[i] /= total;
                    total2 += w[i] * w[i];
                    for (int j = 0; j < dims; j++) {
                        mean[q][j] += w[i] * x0[i][j];
                    }
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < dims; j++) {
                        double d = x0[i][j] - mean[q][j];
                        error[q][j] += w[i] * w[i] * d * d;
                    }
                }
                for (int j = 0; j < dims; j++) {
                    error[q][j] = Math.sqrt(error[q][j]);
                }
                smallestEss = Math.min(smallestEss, 1.0 / total2);
            }
            return new MonteCarlo(mean, error, smallestEss);
        }
    }

    private static double[] flatten(double[][] rows) {
        int dims = rows[0].length;
        double[] out = new double[rows.length * dims];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * dims, dims);
        }
        return out;
    }
}
