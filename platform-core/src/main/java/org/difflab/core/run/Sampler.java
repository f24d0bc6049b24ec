package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.IntConsumer;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.sampling.Integrator;
import org.difflab.api.sampling.Solution;
import org.difflab.core.model.GuidedModel;

/**
 * Draws samples in batches: initial noise x_{t0} = c z, c = sigma(t0) by default (the prior N(0, sigma^2 I), as
 * EDM's x_0 = latents * t_0 * s(t_0); {@code sampling.prior}, {@link org.difflab.core.spec.Prior}), then the solver over the grid through the platform's {@link Integrator} (which
 * counts the solver's calls and guards the denoiser). The initial draws z come from one stream for the whole count, so
 * they do not depend on the batch size; each batch's solver noise has its own stream. Each batch's samples carry their
 * labels into the (guided) model; the solver never sees them. The NFE is the number of model evaluations per sample
 * (guidance may make several per solver call).
 */
public final class Sampler {

    private final ForwardProcess process;
    private final Solver solver;
    private final String solverId;
    private final GuidedModel model;
    private final java.util.function.DoubleUnaryOperator priorScale;

    /** A sampler integrating {@code solver} over {@code process} with the guided {@code model}, from N(0, sigma^2 I). */
    public Sampler(ForwardProcess process, Solver solver, String solverId, GuidedModel model) {
        this(process, solver, solverId, model, process::sigma);
    }

    /**
     * @param priorScale the factor c of the starting state x_t0 = c z, as a function of t0
     */
    public Sampler(ForwardProcess process, Solver solver, String solverId, GuidedModel model,
            java.util.function.DoubleUnaryOperator priorScale) {
        this.process = process;
        this.solver = solver;
        this.solverId = solverId;
        this.model = model;
        this.priorScale = priorScale;
    }

    /**
     * The standard-normal draws the samples start from, handed out batch by batch in order, so the whole count's
     * draws need not be held at once.
     */
    @FunctionalInterface
    public interface InitialNoise {

        /** The next {@code values} draws, in a fresh array the caller may change. */
        double[] next(int values);

        /** Draws from {@code rng}, in the order one call of rng.gaussians(total) would give them. */
        static InitialNoise from(Rng rng) {
            return rng::gaussians;
        }

        /** Consecutive slices of {@code values}. */
        static InitialNoise from(double[] values) {
            int[] position = {0};
            return n -> {
                double[] slice = java.util.Arrays.copyOfRange(values, position[0], position[0] + n);
                position[0] += n;
                return slice;
            };
        }
    }

    /**
     * @param initialNoise standard-normal draws, count * prod(sampleShape) values in all
     * @param labels the class of each sample, or null for unconditional sampling
     * @param trajectory where to record every step's state and x0_hat, or null
     * @param batchDone called with the number of samples finished after each batch
     */
    public Samples sample(NDManager manager, double[] times, InitialNoise initialNoise, int[] labels,
            Shape sampleShape, int count, int batchSize, DataType type, Rng solverNoise, Trajectory trajectory,
            IntConsumer batchDone) {
        int dims = Math.toIntExact(sampleShape.size());
        double[] out = new double[count * dims];
        double scale = priorScale.applyAsDouble(times[0]);
        int nfe = -1;
        for (int start = 0, batch = 0; start < count; start += batchSize, batch++) {
            int n = Math.min(batchSize, count - start);
            try (NDManager batchManager = manager.newSubManager()) {
                double[] z = initialNoise.next(n * dims);
                for (int i = 0; i < z.length; i++) {
                    z[i] *= scale;   // the same double products as an array multiply, without its native call
                }
                NDArray x = batchManager.create(z, new Shape(n).addAll(sampleShape)).toType(type, false);
                Condition condition = labels == null ? Condition.NONE
                        : Condition.labels(java.util.Arrays.copyOfRange(labels, start, start + n));
                model.counter().reset();
                RunSolverContext context = new RunSolverContext(process, model.forBatch(condition),
                        solverNoise.split(batch));
                Solution solution = Integrator.integrate(solver, context, times, x,
                        trajectory == null ? null : trajectory.batch(start, n));
                nfe = Math.max(nfe, model.counter().evaluations());
                double[] values = solution.x().toType(DataType.FLOAT64, false).toDoubleArray();
                if (values.length != n * dims) {
                    throw new IllegalStateException("solver '" + solverId + "' returned " + values.length
                            + " values for a batch of " + n + " samples of " + dims);
                }
                for (double v : values) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalStateException(NonFiniteSample.explain(solver, solverId,
                                new RunSolverContext(process, model.forBatch(condition), solverNoise.split(batch)),
                                times, x));
                    }
                }
                System.arraycopy(values, 0, out, start * dims, values.length);
            }
            batchDone.accept(Math.min(count, start + n));
        }
        long[] shape = new Shape(count).addAll(sampleShape).getShape();
        return new Samples(out, shape, nfe);
    }
}
