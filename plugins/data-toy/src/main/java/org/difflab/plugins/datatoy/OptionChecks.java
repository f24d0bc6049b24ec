package org.difflab.plugins.datatoy;

import org.difflab.api.InvalidOptionException;

/** Range checks shared by the options records, each naming the key and what it accepts. */
final class OptionChecks {

    private OptionChecks() {}

    static void positive(String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new InvalidOptionException(key, key + " must be a finite number > 0, got " + value);
        }
    }

    static void nonNegative(String key, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new InvalidOptionException(key, key + " must be a finite number >= 0, got " + value);
        }
    }

    /** The {@code classes} option of a mixture with generated components: 0 (unlabelled) to {@code components}. */
    static void classCount(int classes, int components) {
        if (classes < 0 || classes > components) {
            throw new InvalidOptionException("classes", "classes must be 0 (unlabelled) or a number of classes up to"
                    + " components (" + components + "), each class getting components round-robin; got " + classes);
        }
    }

    static void atLeast(String key, long value, long minimum) {
        if (value < minimum) {
            throw new InvalidOptionException(key, key + " must be at least " + minimum + ", got " + value);
        }
    }
}
