package org.difflab.tck;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One named property a component must have, runnable on its own: e.g. {@code solver.order} or
 * {@code process.derivatives}. Running it never throws: an exception from the component (or from the check)
 * is a failure that names the exception.
 *
 * @param name stable name, {@code <extension point>.<property>} (what reports and test names show)
 * @param description what the check asserts, in one line
 * @param body computes the outcome
 */
public record Check(String name, String description, Callable<Outcome> body) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(body, "body");
    }

    /** A check that is skipped for {@code reason} without running anything. */
    public static Check skipped(String name, String description, String reason) {
        return new Check(name, description, () -> Outcome.skipped(reason));
    }

    /** Runs the check; exceptions and errors thrown by the component become a failure naming them. */
    public Outcome run() {
        try {
            Outcome outcome = body.call();
            return outcome == null ? Outcome.failed("the check returned no outcome (a bug in the check)") : outcome;
        } catch (Exception | AssertionError | LinkageError | VirtualMachineError e) {   // StackOverflowError too
            return Outcome.failed("threw " + describe(e));
        }
    }

    /** "ExceptionType: message" of an exception and its causes, on one line. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        Throwable current = e;
        for (int depth = 0; current != null && depth < 4; depth++) {
            if (depth > 0) {
                out.append(" <- ");
            }
            out.append(current.getClass().getSimpleName());
            if (current.getMessage() != null) {
                out.append(": ").append(current.getMessage().replaceAll("\\s+", " "));
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return out.toString();
    }
}
