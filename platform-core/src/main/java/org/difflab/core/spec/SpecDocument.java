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

    private ObjectNode root;
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
        return located(path).startsWith(Overrides.WHERE_PREFIX);
    }

    /**
     * "file.yaml:12" for the key at {@code path}, or of its nearest located ancestor. When that is a line of the file
     * but an override changed something under it, the override is named too ("file.yaml:12, with --set
     * sampling.schedule.sigma_max=1000"): a problem of the whole mapping may well be the override's doing.
     */
    public String where(String path) {
        String found = located(path);
        if (found.startsWith(Overrides.WHERE_PREFIX)) {
            return found;
        }
        String prefix = path.isEmpty() ? "" : path + ".";
        java.util.List<String> overrides = positions.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getValue().startsWith(Overrides.WHERE_PREFIX))
                .map(Map.Entry::getValue).distinct().sorted().toList();
        return overrides.isEmpty() ? found : found + ", with " + String.join(", ", overrides);
    }

    private String located(String path) {
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

    /**
     * Puts {@code base} under this document: keys this document sets win, mappings are merged key by key, and a
     * component whose {@code type} differs from the base's replaces it whole (its options belong to the other
     * type). Keys that come from the base are located at {@code where} (e.g. "preset 'edm'").
     */
    void rebase(ObjectNode base, String where) {
        ObjectNode merged = base.deepCopy();
        locateNew(merged, "", where);
        root = merge(merged, root);
    }

    private void locateNew(ObjectNode node, String path, String where) {
        for (String key : node.propertyNames()) {
            String keyPath = SpecPaths.child(path, key);
            positions.putIfAbsent(keyPath, where);
            if (node.get(key) instanceof ObjectNode child) {
                locateNew(child, keyPath, where);
            }
        }
    }

    private static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
        for (String key : overlay.propertyNames()) {
            tools.jackson.databind.JsonNode over = overlay.get(key);
            tools.jackson.databind.JsonNode under = base.get(key);
            boolean sameComponent = under instanceof ObjectNode u && over instanceof ObjectNode o
                    && (u.get("type") == null || o.get("type") == null || u.get("type").equals(o.get("type")));
            base.set(key, sameComponent ? merge((ObjectNode) under, (ObjectNode) over) : over.deepCopy());
        }
        return base;
    }

    /** A copy whose tree can be edited independently (for sweep trials). */
    public SpecDocument copy() {
        return new SpecDocument(root.deepCopy(), sourceName, directory, positions);
    }
}
