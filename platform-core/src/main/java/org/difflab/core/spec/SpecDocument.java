package org.difflab.core.spec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * A spec as a tree, with the source position of every key so problems can name their line. Keys set
 * by {@code --set} are located at "--set".
 */
public final class SpecDocument {

    private final ObjectNode root;
    private final String sourceName;
    private final Path directory;
    private final Map<String, String> positions;

    SpecDocument(ObjectNode root, String sourceName, Path directory, Map<String, String> positions) {
        this.root = root;
        this.sourceName = sourceName;
        this.directory = directory;
        this.positions = new HashMap<>(positions);
    }

    /** The tree (mutable; overrides edit it). */
    public ObjectNode root() {
        return root;
    }

    /** The file name problems are reported against. */
    public String sourceName() {
        return sourceName;
    }

    /** The directory relative file paths in the spec are resolved against. */
    public Path directory() {
        return directory;
    }

    /**
     * Whether the value at {@code path} was given on the command line ({@code --set}) rather than written in the
     * spec: a relative file path there means one relative to the working directory, as a shell user expects.
     */
    public boolean fromCommandLine(String path) {
        return where(path).startsWith(Overrides.WHERE_PREFIX);
    }

    /** "file.yaml:12" for the key at {@code path}, or of its nearest located ancestor. */
    public String where(String path) {
        String current = path;
        while (true) {
            String position = positions.get(current);
            if (position != null) {
                return position;
            }
            if (current.isEmpty()) {
                return sourceName;
            }
            current = SpecPaths.parent(current);
        }
    }

    /** Records that the key at {@code path} (and everything under it) came from {@code where}. */
    void locate(String path, String where) {
        positions.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + ".") || p.startsWith(path + "["));
        positions.put(path, where);
    }

    /** A copy whose tree can be edited independently (for sweep trials). */
    public SpecDocument copy() {
        return new SpecDocument(root.deepCopy(), sourceName, directory, positions);
    }
}
