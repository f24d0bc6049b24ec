package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The last few values a multistep solver reuses (denoiser outputs or slopes), newest first, each with the
 * scalar it was taken at (a half log-SNR or a noise level). Owns its arrays: evicted ones are closed.
 */
final class History implements AutoCloseable {

    private final int capacity;
    private final List<NDArray> values = new ArrayList<>();
    private final List<Double> at = new ArrayList<>();

    History(int capacity) {
        this.capacity = capacity;
    }

    /** Adds the newest entry (the caller must have kept it out of its step scope). */
    void push(NDArray value, double where) {
        values.add(0, value);
        at.add(0, where);
        while (values.size() > capacity) {
            values.remove(values.size() - 1).close();
            at.remove(at.size() - 1);
        }
    }

    int size() {
        return values.size();
    }

    /** The k-th newest value (0 = newest). */
    NDArray value(int k) {
        return values.get(k);
    }

    /** Where the k-th newest value was taken. */
    double at(int k) {
        return at.get(k);
    }

    /** Where every value was taken, newest first. */
    double[] nodes() {
        return at.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The combination sum_k weights[k] value(k) of the newest weights.length values, summed newest first (the
     * caller's step scope owns the result).
     */
    NDArray combination(double[] weights) {
        NDArray sum = values.get(0).mul(weights[0]);
        for (int k = 1; k < weights.length; k++) {
            sum = sum.add(values.get(k).mul(weights[k]));
        }
        return sum;
    }

    @Override
    public void close() {
        values.forEach(NDArray::close);
        values.clear();
        at.clear();
    }
}
