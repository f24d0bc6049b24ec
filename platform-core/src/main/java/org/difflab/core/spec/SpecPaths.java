package org.difflab.core.spec;

/** Dotted key paths into a spec tree: "sampling.solver.type", "evaluation.metrics[1]". */
public final class SpecPaths {

    private SpecPaths() {}

    /** The path of {@code key} under {@code parent}. */
    public static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The path of element {@code index} of the list at {@code parent}. */
    public static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The parent path ("a.b[2].c" -> "a.b[2]" -> "a.b" -> "a" -> ""). */
    public static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
