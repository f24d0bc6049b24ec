package org.difflab.tck;

import java.util.Objects;

/**
 * The result of one contract check: passed (with what was measured), failed (with what was measured and what
 * was expected), or skipped (with why: a capability the component does not claim, or nothing to run it on).
 *
 * @param status passed, failed or skipped
 * @param message the measured values (passed), the violation (failed) or the reason (skipped); one line
 */
public record Outcome(Status status, String message) {

    /** How a check ended. */
    public enum Status {
        /** The component meets the check. */
        PASSED,
        /** The component violates the check; the message says how, with the measured value. */
        FAILED,
        /** The check does not apply; the message says why. */
        SKIPPED
    }

    public Outcome {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    /** Passed, with what was measured. */
    public static Outcome passed(String measured) {
        return new Outcome(Status.PASSED, measured);
    }

    /** Failed, with the measured value and what was expected. */
    public static Outcome failed(String violation) {
        return new Outcome(Status.FAILED, violation);
    }

    /** Skipped, with the reason. */
    public static Outcome skipped(String reason) {
        return new Outcome(Status.SKIPPED, reason);
    }

    /** Whether the check failed. */
    public boolean isFailure() {
        return status == Status.FAILED;
    }
}
