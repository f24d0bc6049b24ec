package org.difflab.core.spec;

import java.util.List;
import java.util.stream.Collectors;

/** Bad input (spec, override, data file, plugin choice): the CLI prints the problems and exits with 2. */
public final class SpecException extends RuntimeException {

    private final List<SpecProblem> problems;

    /** One exception for all problems found. */
    public SpecException(List<SpecProblem> problems) {
        super(problems.stream().map(SpecProblem::format).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** A single problem. */
    public SpecException(String where, String path, String message) {
        this(List.of(new SpecProblem(where, path, message)));
    }

    /** The problems, in document order. */
    public List<SpecProblem> problems() {
        return problems;
    }
}
