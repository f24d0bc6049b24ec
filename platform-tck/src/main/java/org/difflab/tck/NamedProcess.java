package org.difflab.tck;

import java.util.Objects;
import org.difflab.api.ForwardProcess;

/**
 * A forward process with the name reports use for it ({@code vp}, {@code edm-like}, ...). Contracts of
 * components that work on a process (solvers, schedules, parameterizations, ...) run on a list of these.
 *
 * @param name how reports name the process
 * @param process the process
 */
public record NamedProcess(String name, ForwardProcess process) {

    public NamedProcess {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(process, "process");
    }

    @Override
    public String toString() {
        return name;
    }
}
