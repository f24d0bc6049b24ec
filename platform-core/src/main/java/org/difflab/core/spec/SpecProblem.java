package org.difflab.core.spec;

/**
 * One thing wrong with a spec, located by its key path and source position.
 *
 * @param where source and line ("quickstart.yaml:14"), or "--set" for command-line overrides
 * @param path dotted key path ("sampling.solver.type"), or "" for the whole document
 * @param message what is wrong and what would be accepted
 */
public record SpecProblem(String where, String path, String message) {

    /** "quickstart.yaml:14: sampling.solver.type: unknown solver 'hune'; accepted: ...". */
    public String format() {
        return where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
