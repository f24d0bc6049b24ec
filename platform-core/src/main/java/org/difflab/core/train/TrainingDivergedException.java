package org.difflab.core.train;

/** The loss became NaN or infinite: training stops, keeping its last good checkpoint. */
public final class TrainingDivergedException extends RuntimeException {

    /** With a message saying at which step, the last good checkpoint and what to try. */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
