package org.difflab.plugins.schedules;

/** What the numbers of an {@link ExplicitSchedule} are. */
public enum GridUnit {

    /** EDM noise levels sigma(t)/alpha(t), mapped to the process's time by its timeAtNoiseLevel. */
    NOISE_LEVELS,

    /** The process's own times t. */
    TIMES
}
