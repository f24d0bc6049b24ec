package org.difflab.api.model;

import java.util.Arrays;

/**
 * What the samples of a batch are conditioned on, one entry per sample. Solvers never see it: the platform
 * binds a batch's condition into the denoiser they call.
 *
 * <p>Today a condition is a class label; the sealed type leaves room for vectors (text or image embeddings).
 */
public sealed interface Condition permits Condition.Unconditional, Condition.ClassLabels {

    /** The label of a sample with no class (a dropped label in classifier-free training). */
    int NO_LABEL = -1;

    /** No condition for any sample. */
    Condition NONE = new Unconditional();

    /** No sample is conditioned. */
    record Unconditional() implements Condition {
        @Override
        public Condition select(int from, int to) {
            return this;
        }
    }

    /**
     * One class label per sample, {@link #NO_LABEL} for an unconditioned sample.
     *
     * @param labels labels in [0, classes) or {@link #NO_LABEL}
     */
    record ClassLabels(int[] labels) implements Condition {
        public ClassLabels {
            labels = labels.clone();
            for (int label : labels) {
                if (label < NO_LABEL) {
                    throw new IllegalArgumentException("class labels are >= 0 (or -1 for none), got " + label);
                }
            }
        }

        @Override
        public int[] labels() {
            return labels.clone();
        }

        /** The label of sample {@code i}. */
        public int label(int i) {
            return labels[i];
        }

        /** The number of samples. */
        public int size() {
            return labels.length;
        }

        @Override
        public Condition select(int from, int to) {
            return new ClassLabels(Arrays.copyOfRange(labels, from, to));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClassLabels other && Arrays.equals(labels, other.labels);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(labels);
        }

        @Override
        public String toString() {
            return "ClassLabels" + Arrays.toString(labels);
        }
    }

    /** Labels for every sample of a batch. */
    static Condition labels(int... labels) {
        return new ClassLabels(labels);
    }

    /** Whether no sample of the batch is conditioned. */
    default boolean isNone() {
        if (this instanceof ClassLabels c) {
            return Arrays.stream(c.labels).allMatch(l -> l == NO_LABEL);
        }
        return true;
    }

    /** The conditions of samples {@code from} (inclusive) to {@code to} (exclusive) of the batch. */
    Condition select(int from, int to);
}
