package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.difflab.api.sampling.StepObserver;

/**
 * The states and denoiser outputs of every step of a sampling run, gathered batch by batch: states at the N + 1
 * grid times, [N + 1, count, dims], and each step's first x0_hat, [N, count, dims] (NaN where a step evaluated
 * nothing), both flattened row-major.
 */
public final class Trajectory {

    /** The most values one trajectory file holds (one Java array). */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private final int steps;
    private final int count;
    private final int dims;
    private final double[] states;
    private final double[] denoised;

    /**
     * @throws IllegalArgumentException if the arrays would exceed what one Java array holds
     */
    public Trajectory(int steps, int count, int dims) {
        long entries = (long) (steps + 1) * count * dims;
        if (entries > MAX_VALUES) {
            throw new IllegalArgumentException("a trajectory of " + (steps + 1) + " x " + count + " x " + dims + " = "
                    + entries + " values exceeds " + MAX_VALUES + "; lower sampling.count or the number of steps");
        }
        this.steps = steps;
        this.count = count;
        this.dims = dims;
        this.states = new double[Math.toIntExact(entries)];
        this.denoised = new double[steps * count * dims];
        Arrays.fill(denoised, Double.NaN);
    }

    /** The observer of the batch of {@code n} samples starting at sample {@code start}. */
    public StepObserver batch(int start, int n) {
        return new StepObserver() {
            @Override
            public void started(double t, NDArray x) {
                copy(x, states, 0, start, n);
            }

            @Override
            public void stepped(int index, double t, NDArray x, NDArray x0) {
                copy(x, states, index + 1, start, n);
                if (x0 != null) {
                    copy(x0, denoised, index, start, n);
                }
            }
        };
    }

    private void copy(NDArray values, double[] into, int step, int start, int n) {
        double[] flat = values.toType(DataType.FLOAT64, false).toDoubleArray();
        if (flat.length != n * dims) {
            throw new IllegalStateException("step " + step + " holds " + flat.length + " values for a batch of " + n
                    + " samples of " + dims);
        }
        System.arraycopy(flat, 0, into, (step * count + start) * dims, flat.length); // fits: checked in the constructor
    }

    /** The states, [N + 1, count, dims] flattened. */
    public double[] states() {
        return states;
    }

    /** Each step's first x0_hat, [N, count, dims] flattened. */
    public double[] denoised() {
        return denoised;
    }

    /** The number of steps N. */
    public int steps() {
        return steps;
    }
}
