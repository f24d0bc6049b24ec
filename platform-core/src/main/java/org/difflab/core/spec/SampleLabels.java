package org.difflab.core.spec;

import java.util.Arrays;
import org.difflab.api.math.Rng;
import tools.jackson.databind.JsonNode;

/**
 * Which class each sample is generated for ({@code sampling.labels}): none (unconditional sampling), {@code all}
 * (sample i gets class i mod C, so every class is equally represented), {@code data} (labels drawn with the data's
 * class frequencies, so the conditional samples together follow the data) or a list of labels used in turn.
 *
 * @param mode how labels are assigned
 * @param list the labels of {@link Mode#LIST}, else empty
 */
public record SampleLabels(Mode mode, int[] list) {

    /** How labels are assigned. */
    public enum Mode { NONE, ALL, DATA, LIST }

    /** Unconditional sampling. */
    public static final SampleLabels NONE = new SampleLabels(Mode.NONE, new int[0]);

    /**
     * Reads the spec's value.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static SampleLabels parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (node.isString()) {
            switch (node.asString()) {
                case "none" -> {
                    return NONE;
                }
                case "all" -> {
                    return new SampleLabels(Mode.ALL, new int[0]);
                }
                case "data" -> {
                    return new SampleLabels(Mode.DATA, new int[0]);
                }
                default -> { }
            }
        }
        if (node.isArray() && !node.isEmpty()) {
            int[] labels = new int[node.size()];
            for (int i = 0; i < labels.length; i++) {
                JsonNode label = node.get(i);
                if (!label.isIntegralNumber() || label.longValue() < 0 || label.longValue() > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("labels[" + i + "] is " + label + "; class labels are integers"
                            + " >= 0");
                }
                labels[i] = label.intValue();
            }
            return new SampleLabels(Mode.LIST, labels);
        }
        throw new IllegalArgumentException("expected none, all, data or a non-empty list of class labels (e.g. [3]),"
                + " got " + SpecBinder.describe(node));
    }

    /** Whether samples are conditioned on labels. */
    public boolean conditional() {
        return mode != Mode.NONE;
    }

    /** The largest label used, or -1 where labels come from the data's classes. */
    public int largestLabel() {
        return Arrays.stream(list).max().orElse(-1);
    }

    /**
     * The label of each of {@code count} samples, or null for unconditional sampling.
     *
     * @param classes the data's number of classes
     * @param classWeights the data's class frequencies (for {@link Mode#DATA})
     * @param rng draws the labels of {@link Mode#DATA}
     */
    public int[] assign(int count, int classes, double[] classWeights, Rng rng) {
        int[] out = new int[count];
        switch (mode) {
            case NONE -> {
                return null;
            }
            case ALL -> {
                for (int i = 0; i < count; i++) {
                    out[i] = i % classes;
                }
            }
            case LIST -> {
                for (int i = 0; i < count; i++) {
                    out[i] = list[i % list.length];
                }
            }
            case DATA -> {
                for (int i = 0; i < count; i++) {
                    double u = rng.nextDouble();
                    int c = 0;
                    double cumulative = classWeights[0];
                    while (u >= cumulative && c < classes - 1) {
                        cumulative += classWeights[++c];
                    }
                    out[i] = c;
                }
            }
            default -> throw new IllegalStateException(mode.toString());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleLabels other && mode == other.mode && Arrays.equals(list, other.list);
    }

    @Override
    public int hashCode() {
        return mode.hashCode() * 31 + Arrays.hashCode(list);
    }
}
