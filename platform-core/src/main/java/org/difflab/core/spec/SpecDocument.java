package org.difflab.core.spec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
    /** Folders of the keys that came from another file ({@code extends:}): their relative paths resolve there. */
    private final Map<String, Path> directories;

    SpecDocument(ObjectNode root, String sourceName, Path directory, Map<String, String> positions) {
        this(root, sourceName, directory, positions, Map.of());
    }

    private SpecDocument(ObjectNode root, String sourceName, Path directory, Map<String, String> positions,
            Map<String, Path> directories) {
        this.root = root;
        this.sourceName = sourceName;
        this.directory = directory;
        this.positions = new HashMap<>(positions);
        this.directories = new HashMap<>(directories);
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
     * The directory a relative file path at {@code path} resolves against: the folder of the file that wrote it (a
     * base named by {@code extends:}, or this spec).
     */
    public Path directory(String path) {
        String current = path;
        while (true) {
            if (directories.containsKey(current)) {
                return directories.get(current);
            }
            if (current.isEmpty() || positions.containsKey(current)) {
                return directory;
            }
            current = SpecPaths.parent(current);
        }
    }

    /**
     * Where the value at {@code path} came from, without the overrides under it: "file.yaml:12", "preset 'edm'",
     * "--set key=value", or null if the spec does not give it (the value is a default).
     */
    public String source(String path) {
        if (!present(path)) {
            return null;
        }
        return located(path);
    }

    private boolean present(String path) {
        tools.jackson.databind.JsonNode node = root;
        for (String key : path.isEmpty() ? new String[0] : path.split("\\.")) {
            int bracket = key.indexOf('[');
            String name = bracket < 0 ? key : key.substring(0, bracket);
            if (node != null && node.isString() && name.equals("type")) {
                return true;   // the shorthand "solver: heun" gives the type
            }
            node = node == null ? null : node.get(name);
            while (node != null && bracket >= 0) {
                int close = key.indexOf(']', bracket);
                node = node.get(Integer.parseInt(key.substring(bracket + 1, close)));
                bracket = key.indexOf('[', close);
            }
            if (node == null || node.isNull()) {
                return false;
            }
        }
        return true;
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
        directories.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + ".") || p.startsWith(path + "["));
        positions.put(path, where);
    }

    /**
     * Puts a base spec ({@code extends:}) under this document, like {@link #rebase(ObjectNode, String)}, keeping the
     * base's own lines and folder for the keys it gives. A {@code preset:} in both is composed: the base's presets
     * first, then this document's (later ones win).
     */
    void extend(SpecDocument base) {
        ObjectNode merged = base.root.deepCopy();
        tools.jackson.databind.JsonNode basePresets = merged.get(Presets.KEY);
        tools.jackson.databind.JsonNode ownPresets = root.get(Presets.KEY);
        if (basePresets != null && ownPresets != null && !basePresets.isNull() && !ownPresets.isNull()) {
            tools.jackson.databind.node.ArrayNode both = root.arrayNode();
            for (tools.jackson.databind.JsonNode list : List.of(basePresets, ownPresets)) {
                if (list.isArray()) {
                    list.forEach(both::add);
                } else {
                    both.add(list);
                }
            }
            root.set(Presets.KEY, both);
        }
        for (Map.Entry<String, String> position : base.positions.entrySet()) {
            if (positions.putIfAbsent(position.getKey(), position.getValue()) == null) {
                directories.put(position.getKey(), base.directory(position.getKey()));
            }
        }
        root = merge(merged, root);
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
        return new SpecDocument(root.deepCopy(), sourceName, directory, positions, directories);
    }
}
