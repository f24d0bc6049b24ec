package org.difflab.core.spec;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies {@code --set key.path=value} overrides to a spec tree. The value is read as YAML, so numbers,
 * lists ({@code [1, 2]}) and components ({@code {type: heun}}) can all be set; missing parents are created.
 */
public final class Overrides {

    /** How a value set on the command line is located in problems: "--set key=value". */
    static final String WHERE_PREFIX = "--set ";

    private Overrides() {}

    /** Applies each assignment in order. */
    public static void apply(SpecDocument document, List<String> assignments) {
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new SpecException("--set", "", "expected key.path=value, got '" + assignment + "'");
            }
            String path = assignment.substring(0, equals).trim();
            JsonNode value;
            try {
                value = YamlSpecParser.parseValue(assignment.substring(equals + 1));
            } catch (RuntimeException e) {
                throw new SpecException("--set", path, "value is not valid YAML: " + e.getMessage());
            }
            set(document, path, value, WHERE_PREFIX + assignment);
        }
    }

    /** Sets the value at a dotted path (no list indices), creating mappings on the way. */
    public static void set(SpecDocument document, String path, JsonNode value, String where) {
        if (!path.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            throw new SpecException(where, path, "a key path is dot-separated keys, e.g. sampling.schedule.steps");
        }
        String[] keys = path.split("\\.");
        ObjectNode node = document.root();
        String walked = "";
        for (int i = 0; i < keys.length - 1; i++) {
            walked = SpecPaths.child(walked, keys[i]);
            JsonNode next = node.get(keys[i]);
            if (next == null || next.isNull()) {
                next = node.putObject(keys[i]);
            } else if (next.isString()) {
                // shorthand "solver: heun" becomes {type: heun} so its options can be set
                ObjectNode expanded = node.putObject(keys[i]);
                expanded.put("type", next.asString());
                next = expanded;
            } else if (!next.isObject()) {
                throw new SpecException(where, walked, "cannot set " + path + ": " + walked + " is not a mapping");
            }
            node = (ObjectNode) next;
        }
        node.set(keys[keys.length - 1], value);
        document.locate(path, where);
    }
}
