package org.difflab.plugins.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Set;
import org.difflab.api.ClosedFormData;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.MetricValue;
import org.difflab.api.Param;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.Rng;
import org.difflab.api.model.ModelUnderTest;
import org.difflab.api.model.ModelUnderTest.LabelledRows;
import org.pf4j.Extension;

/**
 * The model's negative log-likelihood of held-out data through the probability-flow ODE (Song et al. 2021, Appendix
 * D.2): each point x is carried from the data end t0 to the noise end T with the log-density change
 * ({@link LogDensityFlow}), and
 * <pre>  log p_0(x) = log N(x(T); 0, sigma(T)^2 I) + integral_t0^T div v(x(t), t) dt,</pre>
 * the prior being what sampling draws at T (the process's sampling start, or the time of {@code end_noise_level}; a
 * model that cannot be evaluated where alpha = 0, as an eps- or x0-predicting network on rectified flow's t = 1, needs
 * a finite end noise level). The ODE runs in the process's own time
 * with adaptive Dormand-Prince 5(4) (SciPy's RK45 control, score SDE's defaults rtol = atol = 1e-5). It starts at
 * t0 = the process's sampling end (or the time of {@code start_noise_level}), not at sigma = 0, where eps_hat =
 * (x - alpha x0_hat)/sigma is 0/0 (score SDE starts at its epsilon, too): the value is the log-density of the data
 * blurred by N(0, sigma(t0)^2 I), which differs from the data's by O(sigma(t0)^2 / s^2) per dimension for data of
 * local scale s.
 *
 * <p>Points: {@code evaluation.nll_points} held-out draws from the data (independent of the training data and the
 * samples), integrated {@code batch_size} at a time. Reported: the mean NLL in nats per sample (the value), its
 * standard error over points ({@code se}), nats per dimension, bits per dimension ({@code bpd}, {@code bpd_se}),
 * the ODE's evaluations per batch ({@code nfe}) and wall time per 1,000 points. With Hutchinson's estimate and
 * two or more probes, {@code probe_se} is the part of the standard error that comes from the probes.
 *
 * <p>Images ({@code dequantization: uniform}): 8-bit data stored as x = k/127.5 - 1 (k = 0..255) are dequantized as
 * score SDE does, y = (k + u)/256 with u ~ U[0, 1)^d, and rescaled to x = 2y - 1; the model's density on [-1, 1]^d
 * then bounds the discrete likelihood: -log2 P(k) &le; -log2 p_y(y) + 8 d and p_y = 2^d p_x (the rescaling's
 * log-Jacobian), so bpd = nats per dimension / ln 2 + 7, comparable with published bits per dimension (score SDE's
 * offset 7 - inverse_scaler(-1)).
 */
@Extension
@Component(id = "pf_ode_nll", summary = "negative log-likelihood of held-out data through the probability-flow ODE"
        + " (nats per sample; details: se, nats_per_dim, bpd; needs the model; lower is better)")
public final class PfOdeNll implements Metric {

    /** How the divergence of the ODE's drift is computed. */
    public enum Divergence {
        /** Closed form for the exact model, exact autograd up to {@code exact_up_to} dimensions, Hutchinson above. */
        AUTO,
        /** The exact mixture denoiser's Jacobian in closed form (needs the exact model on Gaussian-mixture data). */
        CLOSED_FORM,
        /** Autograd, one backward pass per dimension. */
        EXACT,
        /** Hutchinson-Skilling's unbiased estimate with {@code probes} probes per point. */
        HUTCHINSON
    }

    /** The distribution of Hutchinson probes (both have E[eps eps^T] = I). */
    public enum Probe {
        /** Entries +-1 with probability 1/2 (the smaller variance). */
        RADEMACHER,
        /** Standard normal entries. */
        GAUSSIAN
    }

    /** How held-out data are dequantized before their density is evaluated. */
    public enum Dequantization {
        /** Continuous data: the points as drawn. */
        NONE,
        /** 8-bit images stored as k/127.5 - 1: uniform dequantization to 2 (k + u)/256 - 1 (score SDE). */
        UNIFORM
    }

    /** Options of {@link PfOdeNll}. */
    public record Options(
            @Param(doc = "divergence of the drift: auto (closed form for the exact model, exact autograd up to"
                    + " exact_up_to dimensions, Hutchinson above), closed_form, exact or hutchinson",
                    defaultValue = "auto") Divergence divergence,
            @Param(doc = "largest dimension for which auto takes the exact divergence", defaultValue = "16", min = 1)
            int exactUpTo,
            @Param(doc = "Hutchinson probes per point", defaultValue = "1", min = 1, max = 1024) int probes,
            @Param(doc = "Hutchinson probe distribution: rademacher or gaussian", defaultValue = "rademacher")
            Probe probe,
            @Param(doc = "relative tolerance of the adaptive ODE solver", defaultValue = "1e-5", min = 1e-13) double rtol,
            @Param(doc = "absolute tolerance of the adaptive ODE solver", defaultValue = "1e-5", min = 0,
                    exclusiveMin = true) double atol,
            @Param(doc = "largest number of ODE evaluations per batch before giving up", defaultValue = "20000",
                    min = 10) int maxNfe,
            @Param(doc = "noise level sigma/alpha at which the ODE starts (default: the process's sampling end)",
                    min = 0, exclusiveMin = true) Double startNoiseLevel,
            @Param(doc = "noise level sigma/alpha at which the ODE ends and the prior N(0, sigma^2 I) is evaluated"
                    + " (default: the process's sampling start)", min = 0, exclusiveMin = true) Double endNoiseLevel,
            @Param(doc = "points integrated together", defaultValue = "1000", min = 1) int batchSize,
            @Param(doc = "dequantization of the data: none, or uniform (8-bit images stored as k/127.5 - 1)",
                    defaultValue = "none") Dequantization dequantization,
            @Param(doc = "the conditional likelihood log p(x | c) with each held-out point's label (labelled data)",
                    defaultValue = "false") boolean conditional) {

        public Options {
            if (probes < 1) {
                throw new InvalidOptionException("probes", "probes must be at least 1, got " + probes);
            }
            if (batchSize < 1) {
                throw new InvalidOptionException("batch_size", "batch_size must be at least 1, got " + batchSize);
            }
        }
    }

    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);
    /** bpd offset of uniformly dequantized 8-bit data on [-1, 1]: 8 bits of bin width less the 1 of the rescaling. */
    private static final double DEQUANTIZED_BPD_OFFSET = 7.0;

    private final Options options;

    /** The likelihood with these options. */
    public PfOdeNll(Options options) {
        this.options = options;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.MODEL);
    }

    /** A property of the model alone: a data draw in place of the samples is no baseline for it. */
    @Override
    public boolean comparesSamples() {
        return false;
    }

    /** It reads neither the samples nor the reference, only held-out data of its own ({@code evaluation.nll_points}). */
    @Override
    public int referencePoints() {
        return 0;
    }

    @Override
    public double compute(MetricInput input) {
        return measure(input).value();
    }

    @Override
    public MetricValue measure(MetricInput input) {
        Pointwise result = pointwise(input);
        double[] nll = result.nll();
        int n = nll.length;
        int dims = result.dims();
        double mean = Arrays.stream(nll).sum() / n;
        double variance = 0;
        for (double value : nll) {
            variance += (value - mean) * (value - mean);
        }
        double se = n > 1 ? Math.sqrt(variance / (n - 1) / n) : 0;
        double bitsPerNat = 1 / Math.log(2);
        double offset = options.dequantization() == Dequantization.UNIFORM ? DEQUANTIZED_BPD_OFFSET : 0;
        MetricValue value = MetricValue.of(mean)
                .with("se", se)
                .with("nats_per_dim", mean / dims)
                .with("bpd", mean / dims * bitsPerNat + offset)
                .with("bpd_se", se / dims * bitsPerNat);
        if (!Double.isNaN(result.probeSe())) {
            value = value.with("probe_se", result.probeSe());
        }
        return value
                .with("points", n)
                .with("nfe", result.nfe())
                .with("seconds_per_1000_points", result.seconds() * 1000 / n);
    }

    /**
     * The NLL of each held-out point with what it cost.
     *
     * @param nll -log p(x_i) in nats, one per held-out point (of the dequantized point, with dequantization)
     * @param dims the dimension d of a point
     * @param probeSe the standard error of the mean NLL due to Hutchinson's probes (NaN unless two or more probes)
     * @param nfe ODE evaluations per batch of points (mean over batches)
     * @param seconds wall time of the integrations
     */
    public record Pointwise(double[] nll, int dims, double probeSe, double nfe, double seconds) {}

    /** The NLL of each of the {@code evaluation.nll_points} held-out points, in nats. */
    public Pointwise pointwise(MetricInput input) {
        ModelUnderTest underTest = input.model();
        if (underTest == null) {
            throw new IllegalArgumentException("pf_ode_nll needs the model (the run supplies it)");
        }
        ForwardProcess process = underTest.process();
        Shape sampleShape = input.data().sampleShape();
        int dims = Math.toIntExact(sampleShape.size());
        LogDensityFlow.Method method = method(underTest, input.data().closedForm().orElse(null), dims);
        GaussianMixture mixture = method == LogDensityFlow.Method.CLOSED_FORM
                ? (GaussianMixture) input.data().closedForm().orElseThrow() : null;
        double tEnd = options.endNoiseLevel() == null ? process.samplingStart()
                : process.timeAtNoiseLevel(options.endNoiseLevel());
        double tStart = options.startNoiseLevel() == null ? process.samplingEnd()
                : process.timeAtNoiseLevel(options.startNoiseLevel());
        if (!Double.isFinite(tEnd) || !(process.sigma(tEnd) > 0)) {
            throw new IllegalArgumentException("pf_ode_nll needs a finite prior time with sigma > 0, got t = " + tEnd
                    + "; set end_noise_level");
        }
        if (!(process.sigma(tStart) > 0) || !(tStart < tEnd)) {
            throw new IllegalArgumentException("pf_ode_nll starts where sigma > 0 (eps_hat is 0/0 at sigma = 0) and"
                    + " before the prior time " + tEnd + ", got t = " + tStart + " (sigma " + process.sigma(tStart)
                    + "); set start_noise_level > 0");
        }
        int n = underTest.likelihoodPoints();
        LabelledRows heldOut = underTest.heldOut(n);
        int[] labels = null;
        if (options.conditional()) {
            labels = heldOut.labels();
            if (labels == null) {
                throw new IllegalArgumentException("pf_ode_nll with conditional: true needs labelled data; "
                        + input.data() + " has no labels");
            }
        }
        double sigmaT = process.sigma(tEnd);
        double[] nll = new double[n];
        double probeVariance = 0;   // sum over points of Var(probe mean)
        long evaluations = 0;
        int batches = 0;
        long started = System.nanoTime();
        AdaptiveDormandPrince solver = new AdaptiveDormandPrince(options.rtol(), options.atol(), options.maxNfe());
        double logStart = Math.log(process.noiseLevel(tStart));
        double logEnd = Math.log(process.noiseLevel(tEnd));
        for (int from = 0; from < n; from += options.batchSize(), batches++) {
            int to = Math.min(n, from + options.batchSize());
            int batch = to - from;
            Rng rng = input.rng().split(batches);
            double[][] rows = Arrays.copyOfRange(heldOut.rows(), from, to);
            if (options.dequantization() == Dequantization.UNIFORM) {
                rows = dequantized(rows, rng.split(0));
            }
            int[] batchLabels = labels == null ? null : Arrays.copyOfRange(labels, from, to);
            try (NDManager manager = underTest.manager().newSubManager()) {
                NDArray x = manager.create(flat(rows), new Shape(batch, dims));
                NDArray probes = method == LogDensityFlow.Method.HUTCHINSON
                        ? probes(manager, rng.split(1), new Shape(options.probes(), batch, dims)) : null;
                LogDensityFlow flow = new LogDensityFlow(underTest.model(), process, sampleShape,
                        underTest.dataType(), method, mixture, batchLabels, probes);
                int accumulators = flow.accumulators();
                NDArray state = NDArrays.concat(new NDList(x, manager.zeros(new Shape(batch, accumulators),
                        DataType.FLOAT64)), 1);
                // progress in points: this batch's share by how far in log noise level the solve has come
                int before = from;
                double[][] end = LogDensityFlow.rows(solver.integrate((t, y) -> {
                    double along = (Math.log(process.noiseLevel(t)) - logStart) / (logEnd - logStart);
                    underTest.progress("likelihood", before + batch * Math.max(0, Math.min(1, along)), n, "points");
                    return flow.derivative(t, y);
                }, tStart, tEnd, state));
                evaluations += solver.evaluations();
                for (int i = 0; i < batch; i++) {
                    double squared = 0;
                    for (int j = 0; j < dims; j++) {
                        squared += end[i][j] * end[i][j];
                    }
                    double prior = -0.5 * dims * (LOG_TWO_PI + 2 * Math.log(sigmaT)) - 0.5 * squared / (sigmaT * sigmaT);
                    double mean = 0;
                    for (int p = 0; p < accumulators; p++) {
                        mean += end[i][dims + p] / accumulators;
                    }
                    if (accumulators > 1) {
                        double spread = 0;
                        for (int p = 0; p < accumulators; p++) {
                            spread += Math.pow(end[i][dims + p] - mean, 2);
                        }
                        probeVariance += spread / (accumulators - 1) / accumulators;
                    }
                    nll[from + i] = -(prior + mean);
                }
            }
        }
        double probeSe = method == LogDensityFlow.Method.HUTCHINSON && options.probes() > 1
                ? Math.sqrt(probeVariance) / n : Double.NaN;
        return new Pointwise(nll, dims, probeSe, (double) evaluations / batches, (System.nanoTime() - started) / 1e9);
    }

    /** The divergence method the options and the model call for. */
    LogDensityFlow.Method method(ModelUnderTest underTest, ClosedFormData closedForm, int dims) {
        boolean closedFormPossible = underTest.isExact() && closedForm instanceof GaussianMixture;
        return switch (options.divergence()) {
            case AUTO -> closedFormPossible ? LogDensityFlow.Method.CLOSED_FORM
                    : dims <= options.exactUpTo() ? LogDensityFlow.Method.EXACT : LogDensityFlow.Method.HUTCHINSON;
            case CLOSED_FORM -> {
                if (!closedFormPossible) {
                    throw new IllegalArgumentException("pf_ode_nll: divergence closed_form needs the exact model"
                            + " (model: exact) on Gaussian-mixture data; use exact or hutchinson for other models");
                }
                yield LogDensityFlow.Method.CLOSED_FORM;
            }
            case EXACT -> LogDensityFlow.Method.EXACT;
            case HUTCHINSON -> LogDensityFlow.Method.HUTCHINSON;
        };
    }

    /** Probes of the given shape: Rademacher signs or standard normals, float64. */
    private NDArray probes(NDManager manager, Rng rng, Shape shape) {
        NDArray normal = rng.normal(manager, shape, DataType.FLOAT64);
        return options.probe() == Probe.RADEMACHER ? normal.sign() : normal;
    }

    /**
     * Score SDE's uniform dequantization of 8-bit data stored as x = k/127.5 - 1: 2 (k + u)/256 - 1, u ~ U[0, 1).
     *
     * @throws IllegalArgumentException if a value is not of that form
     */
    static double[][] dequantized(double[][] rows, Rng rng) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                double level = (rows[i][j] + 1) * 127.5;
                double k = Math.rint(level);
                if (Math.abs(level - k) > 1e-4 || k < 0 || k > 255) {
                    throw new IllegalArgumentException("dequantization: uniform needs 8-bit data stored as k/127.5 - 1"
                            + " (k = 0..255, e.g. images with normalize: minus_one_to_one), but held-out point " + i
                            + " has value " + rows[i][j] + " at coordinate " + j);
                }
                out[i][j] = 2 * (k + rng.nextDouble()) / 256 - 1;
            }
        }
        return out;
    }

    private static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    @Override
    public String toString() {
        return "pf_ode_nll";
    }
}
