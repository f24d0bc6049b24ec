package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;
import org.difflab.api.Capability;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;

/**
 * The contract of a {@link DataSource}: draws have shape [n, ...sampleShape], are float64, finite and determined by
 * the seed; an exact denoiser, where offered, equals the Monte-Carlo posterior mean E[x0 | x_t] computed from the
 * source's own draws (self-normalised importance weights N(x_t; alpha x0_i, sigma^2 I)).
 */
public final class DataSourceChecks {

    /** Draws behind the Monte-Carlo posterior mean. */
    static final int MC_DRAWS = 100_000;
    /** Query points per path point. */
    static final int QUERIES = 8;

    private DataSourceChecks() {}

    /** Every check of {@code data}. */
    public static List<Check> of(DataSource data) {
        return List.of(
                new Check("data.draws", "draws of shape [n, ...sampleShape], float64, finite, determined by the seed",
                        () -> draws(data)),
                new Check("data.exact-denoiser", "the exact denoiser equals the Monte-Carlo posterior mean of the"
                        + " source's own draws (offered with CLOSED_FORM)", () -> exactDenoiser(data)));
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
        boolean claimed = data.capabilities().contains(Capability.CLOSED_FORM);
        if (offered.isEmpty()) {
            return claimed ? Outcome.failed("claims CLOSED_FORM but closedForm() is empty")
                    : Outcome.skipped("offers no closed form (CLOSED_FORM not claimed)");
        }
        ClosedFormData exact = offered.get();
        int dims = Math.toIntExact(data.sampleShape().size());
        if (exact.dims() != dims) {
            return Outcome.failed("closedForm().dims() = " + exact.dims() + " but a sample has " + dims + " values");
        }
        double[][] x0;
        double[][] queries0;
        try (NDManager manager = NDManager.newBaseManager()) {
            x0 = rows(data.sample(manager, MC_DRAWS, new Rng(101)), dims);
            queries0 = rows(data.sample(manager, QUERIES, new Rng(202)), dims);
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
                    exactMean = rows(exact.posteriorMean(manager.create(flatten(xt), new Shape(QUERIES, dims)), p), dims);
                }
                MonteCarlo mc = MonteCarlo.of(x0, xt, alpha, sigma);
                if (mc.smallestEss < 1000 && attempt < 7) {
                    continue;
                }
                for (int q = 0; q < QUERIES; q++) {
                    for (int j = 0; j < dims; j++) {
                        double z = Math.abs(exactMean[q][j] - mc.mean[q][j]) / (mc.error[q][j] + 1e-12);
                        // 5 Monte-Carlo standard errors: per comparison a false alarm has probability ~6e-7.
                        if (!(z <= 5)) {
                            return Outcome.failed("at alpha = " + fmt(alpha) + ", sigma = " + fmt(sigma) + " the exact"
                                    + " denoiser gives " + fmt(exactMean[q][j]) + " for coordinate " + j + " of query " + q
                                    + " but the Monte-Carlo posterior mean of " + MC_DRAWS + " draws is "
                                    + fmt(mc.mean[q][j]) + " +- " + fmt(mc.error[q][j]) + " (" + fmt(z) + " standard"
                                    + " errors; effective sample size " + Math.round(mc.smallestEss) + ")");
                        }
                        worstZ = Math.max(worstZ, z);
                    }
                }
                where.append(where.length() == 0 ? "" : ", ").append("alpha ").append(fmt(alpha)).append(" sigma ")
                        .append(fmt(sigma)).append(" (ESS >= ").append(Math.round(mc.smallestEss)).append(')');
                break;
            }
        }
        return Outcome.passed("largest deviation " + fmt(worstZ) + " standard errors over " + QUERIES + " queries at "
                + where + (claimed ? "" : "; note: closedForm() is offered but CLOSED_FORM is not claimed"));
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

    private static double[][] rows(NDArray array, int dims) {
        double[] flat = array.toType(DataType.FLOAT64, false).toDoubleArray();
        int n = flat.length / dims;
        double[][] out = new double[n][dims];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * dims, out[i], 0, dims);
        }
        return out;
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
