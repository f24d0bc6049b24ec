package org.difflab.plugins.datafiles;

import org.difflab.api.InvalidOptionException;

/**
 * The class label of each row of a data file: integers in [0, classes), where classes is the largest label + 1 (a
 * label value that no row has is a class of weight 0). Checked when read: one label per row, each an integer >= 0.
 */
final class RowLabels {

    /** Labels are class indices 0..C-1; a value this large is a wrong array rather than a class. */
    static final long MAX_LABEL = 65_535;

    private final int[] labels;
    private final int classes;

    private RowLabels(int[] labels, int classes) {
        this.labels = labels;
        this.classes = classes;
    }

    /**
     * Checks and keeps labels read from a file.
     *
     * @param values the labels as read (integers)
     * @param rows the number of samples they label
     * @param source the file (and archive entry) they came from, for messages
     * @param key the option that names them, for errors
     * @throws InvalidOptionException (key {@code key}) naming {@code source} if the count or a value is wrong
     */
    static RowLabels of(long[] values, int rows, String source, String key) {
        if (values.length != rows) {
            throw new InvalidOptionException(key, source + ": " + values.length + " labels for " + rows
                    + " samples; expected one label per sample");
        }
        int[] labels = new int[rows];
        int largest = 0;
        for (int i = 0; i < rows; i++) {
            if (values[i] < 0 || values[i] > MAX_LABEL) {
                throw new InvalidOptionException(key, source + ": label " + values[i] + " of sample " + i
                        + "; labels are class indices, integers in [0, " + MAX_LABEL + "]");
            }
            labels[i] = (int) values[i];
            largest = Math.max(largest, labels[i]);
        }
        return new RowLabels(labels, largest + 1);
    }

    /** Number of classes: the largest label + 1. */
    int classes() {
        return classes;
    }

    /** The label of row {@code row}. */
    int label(int row) {
        return labels[row];
    }

    /** The frequency of each class among the rows: the class probabilities of uniform draws of rows. */
    double[] frequencies() {
        long[] counts = new long[classes];
        for (int label : labels) {
            counts[label]++;
        }
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = (double) counts[c] / labels.length;
        }
        return out;
    }
}
