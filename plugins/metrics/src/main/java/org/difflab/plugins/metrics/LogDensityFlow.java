package org.difflab.plugins.metrics;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.Combination;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;

/**
 * The probability-flow ODE with the log-density change (instantaneous change of variables, Chen et al. 2018,
 * Theorem 1; Song et al. 2021, Appendix D.2): for a batch of B points the state is [x, a] with x [B, d] and
 * a [B, P] the accumulated divergences, and
 * <pre>  dx/dt = v(x, t) = alpha' x0_hat + sigma' eps_hat = (sigma'/sigma) x + (alpha' - sigma' alpha/sigma) x0_hat(x, t),
 *   da/dt = div_x v = d sigma'/sigma + (alpha' - sigma' alpha/sigma) tr J(x, t),   J = d x0_hat / d x,</pre>
 * so that log p_t0(x(t0)) = log p_T(x(T)) + a(T) - a(t0). The coefficients of v are those of {@link Conversions}
 * from the x0 target to the velocity. tr J comes from one of three {@link Method}s: in closed form for the
 * exact mixture denoiser, by autograd one coordinate at a time (exact), or Hutchinson-Skilling's estimate
 * eps^T J eps with P probes (one column of a each) drawn once per point and held for the whole integration, as
 * FFJORD and score SDE do (Grathwohl et al. 2019), so the ODE stays smooth.
 */
final class LogDensityFlow {

    /** How tr J is computed. */
    enum Method {
        /**
         * The exact Gaussian-mixture denoiser's Jacobian in closed form: by second-order Tweedie,
         * J = (alpha / sigma^2) Cov[x0 | x_t] ({@link GaussianMixture#posteriorCovarianceTrace}).
         */
        CLOSED_FORM,
        /** d backward passes of autograd, one per coordinate (batched as one pass over d copies of the batch). */
        EXACT,
        /** Hutchinson-Skilling: (1/P) sum_p eps_p^T J eps_p, one vector-Jacobian product per probe. */
        HUTCHINSON
    }

    private final ConditionalDenoiser model;
    private final ForwardProcess process;
    private final Shape sampleShape;
    private final DataType modelType;
    private final Method method;
    private final GaussianMixture mixture;
    private final Condition condition;
    private final int[] labels;
    private final int dims;
    private final NDArray probes;
    private int evaluations;

    /**
     * @param model the denoiser x0_hat(x, t, c)
     * @param process the forward process whose time t the ODE runs in
     * @param sampleShape one sample's shape, as the model takes it
     * @param modelType the data type in which the model is called (the state is float64)
     * @param method how tr J is computed
     * @param mixture the data's mixture, for {@link Method#CLOSED_FORM} (else null)
     * @param labels one class per point, or null for the unconditional model
     * @param probes [P, B, d] Hutchinson probes (else null)
     */
    LogDensityFlow(ConditionalDenoiser model, ForwardProcess process, Shape sampleShape, DataType modelType,
            Method method, GaussianMixture mixture, int[] labels, NDArray probes) {
        this.model = model;
        this.process = process;
        this.sampleShape = sampleShape;
        this.modelType = modelType;
        this.method = method;
        this.mixture = mixture;
        this.labels = labels;
        this.condition = labels == null ? Condition.NONE : Condition.labels(labels);
        this.dims = Math.toIntExact(sampleShape.size());
        this.probes = probes;
    }

    /** Number of divergence columns P of the state (1, or the number of probes). */
    int accumulators() {
        return method == Method.HUTCHINSON ? Math.toIntExact(probes.getShape().get(0)) : 1;
    }

    /** Drift evaluations so far (each one model call on the batch and its divergence). */
    int evaluations() {
        return evaluations;
    }

    /** The time derivative of the state [x, a] ([B, d + P], float64) at time t, float64. */
    NDArray derivative(double t, NDArray state) {
        evaluations++;
        NDArray x = state.get(new NDIndex(":, :{}", dims));
        long batch = x.getShape().get(0);
        PathPoint p = PathPoint.of(process, t);
        Combination velocity = Conversions.convert(p, LinearTarget.X0, LinearTarget.velocity(p));
        NDArray x0;
        NDArray traces; // [B, P]
        switch (method) {
            case CLOSED_FORM -> {
                x0 = denoise(x, t, condition);
                traces = x.getManager().create(closedFormTraces(rows(x), p), new Shape(batch, 1));
            }
            case EXACT -> {
                NDArray selectors = x.getManager().eye(dims).toType(DataType.FLOAT64, false).repeat(0, batch);
                NDArray[] both = jacobianProducts(x, t, selectors, dims);
                x0 = both[0];
                traces = both[1].sum(new int[] {1}, true);
            }
            case HUTCHINSON -> {
                int count = accumulators();
                NDArray[] both = jacobianProducts(x, t, probes.reshape(count * batch, dims), count);
                x0 = both[0];
                traces = both[1];
            }
            default -> throw new IllegalStateException(method.toString());
        }
        NDArray dx = velocity.apply(x, x0);
        NDArray da = traces.mul(velocity.onOther()).add(dims * velocity.onX());
        return NDArrays.concat(new NDList(dx, da), 1);
    }

    /**
     * tr J per point from the mixture's posterior covariance, J = (alpha / sigma^2) Cov[x0 | x_t]: for x_t = alpha x0 +
     * sigma eps, Tweedie's formula alpha E[x0 | x_t] = x_t + sigma^2 grad log p_t(x_t) and its derivative
     * Cov[alpha x0 | x_t] = sigma^2 (I + sigma^2 grad^2 log p_t) give d E[x0 | x_t] / d x_t = (alpha / sigma^2) Cov[x0 | x_t].
     * With labels, each point's class mixture (the conditional denoiser's data).
     */
    private double[] closedFormTraces(double[][] x, PathPoint p) {
        double scale = p.alpha() / (p.sigma() * p.sigma());
        double[] traces = new double[x.length];
        if (labels == null) {
            traces = mixture.posteriorCovarianceTrace(x, p);
        } else {
            for (int c = 0; c < mixture.classes(); c++) {
                final int label = c;
                int[] members = java.util.stream.IntStream.range(0, x.length).filter(i -> labels[i] == label).toArray();
                double[][] rows = Arrays.stream(members).mapToObj(i -> x[i]).toArray(double[][]::new);
                double[] classTraces = mixture.classMixture(c).posteriorCovarianceTrace(rows, p);
                for (int m = 0; m < members.length; m++) {
                    traces[members[m]] = classTraces[m];
                }
            }
        }
        for (int i = 0; i < traces.length; i++) {
            traces[i] *= scale;
        }
        return traces;
    }

    /**
     * x0_hat at the batch (in the model's data type) and, for each of {@code copies} sets of direction vectors u (rows
     * of {@code directions}, [copies * B, d], copy-major), the products u^T J u per point, [B, copies]: one forward and
     * one backward pass over the batch repeated {@code copies} times, since the gradient of sum_rows (u . x0_hat(x_row))
     * with respect to row r of the input is J_r^T u_r (points do not interact).
     *
     * <p>The differentiated pass runs in float32, the networks' precision: DJL's casts between data types
     * (NDArray.toType) are not recorded by autograd, so a float64 input cast to a float32 network inside the denoiser
     * would cut the network out of the graph (leaving, e.g., only an eps-parameterization's skip connection).
     */
    private NDArray[] jacobianProducts(NDArray x, double t, NDArray directions, int copies) {
        long batch = x.getShape().get(0);
        NDManager manager = x.getManager();
        NDArray x0 = denoise(x, t, condition);
        NDArray repeated = x.tile(new long[] {copies, 1}).toType(DataType.FLOAT32, true);
        repeated.setRequiresGradient(true);
        NDArray directions32 = directions.toType(DataType.FLOAT32, false);
        Condition repeatedCondition = labels == null ? Condition.NONE : Condition.labels(tiled(labels, copies));
        NDArray products;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = model.denoise(repeated.reshape(new Shape(copies * batch).addAll(sampleShape)), t,
                    repeatedCondition).reshape(copies * batch, dims);
            try {
                collector.backward(out.mul(directions32).sum());
            } catch (EngineException e) {
                // computed off the autograd graph (e.g. through Java arrays or a cast): no Jacobian to take
                throw new IllegalStateException("the model's output is not differentiable with respect to its input"
                        + " through DJL autograd, so its divergence cannot be computed (" + e.getMessage() + "); for"
                        + " the exact denoiser use divergence: closed_form", e);
            }
            products = repeated.getGradient().toType(DataType.FLOAT64, false).mul(directions).sum(new int[] {1})
                    .reshape(copies, batch).transpose().duplicate();
        }
        products.attach(manager);
        return new NDArray[] {x0, products};
    }

    /** The model at x ([n, d] float64), reshaped to the sample shape and back, in float64. */
    private NDArray denoise(NDArray x, double t, Condition which) {
        long n = x.getShape().get(0);
        NDArray input = x.reshape(new Shape(n).addAll(sampleShape)).toType(modelType, false);
        return model.denoise(input, t, which).toType(DataType.FLOAT64, false).reshape(n, dims);
    }

    private static int[] tiled(int[] labels, int copies) {
        int[] out = new int[labels.length * copies];
        for (int c = 0; c < copies; c++) {
            System.arraycopy(labels, 0, out, c * labels.length, labels.length);
        }
        return out;
    }

    /** [n, d] as rows. */
    static double[][] rows(NDArray x) {
        long n = x.getShape().get(0);
        int d = Math.toIntExact(x.getShape().get(1));
        double[] flat = x.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] out = new double[Math.toIntExact(n)][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }
}
