package org.difflab.core.spec;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The resolved spec (every default filled in) as YAML, each value followed by where it came from: a line of the spec
 * or of a base it extends ({@code base.yaml:4}), a preset ({@code preset 'edm'}), an override ({@code --set
 * key=value}), or {@code default}. What {@code difflab run SPEC --print} shows.
 */
public final class SpecProvenance {

    private static final int MAX_COLUMN = 56;

    private SpecProvenance() {}

    /** The annotated YAML of {@code experiment}. */
    public static String print(Experiment experiment) {
        List<String[]> lines = new ArrayList<>();
        walk(experiment.resolved(), "", 0, experiment.source(), lines);
        int column = 0;
        for (String[] line : lines) {
            if (line[1] != null) {
                column = Math.max(column, Math.min(line[0].length() + 2, MAX_COLUMN));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            out.append(line[0]);
            if (line[1] != null) {
                out.append(" ".repeat(Math.max(2, column - line[0].length()))).append("# ").append(line[1]);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void walk(JsonNode node, String path, int depth, SpecDocument source, List<String[]> lines) {
        String indent = "  ".repeat(depth);
        for (String key : node.propertyNames()) {
            JsonNode value = node.get(key);
            String keyPath = SpecPaths.child(path, key);
            if (value.isObject() && !value.isEmpty()) {
                lines.add(new String[] {indent + key + ":", null});
                walk(value, keyPath, depth + 1, source, lines);
            } else if (value.isArray() && !value.isEmpty() && value.get(0).isObject()) {
                // a list of components: one item each, so every option says where it came from
                lines.add(new String[] {indent + key + ":", null});
                for (int i = 0; i < value.size(); i++) {
                    int first = lines.size();
                    walk(value.get(i), SpecPaths.element(keyPath, i), depth + 2, source, lines);
                    String[] head = lines.get(first);
                    head[0] = indent + "  - " + head[0].substring(indent.length() + 4);
                }
            } else {
                String from = source.source(keyPath);
                lines.add(new String[] {indent + key + ": " + flow(value), from == null ? "default" : from});
            }
        }
    }

    /** A value in YAML flow style: {@code [1, 2]}, {@code {type: heun}}, plain or quoted text. */
    public static String flow(JsonNode value) {
        if (value.isObject()) {
            List<String> entries = new ArrayList<>();
            value.propertyNames().forEach(k -> entries.add(k + ": " + flow(value.get(k))));
            return "{" + String.join(", ", entries) + "}";
        }
        if (value.isArray()) {
            List<String> entries = new ArrayList<>();
            value.forEach(v -> entries.add(flow(v)));
            return "[" + String.join(", ", entries) + "]";
        }
        if (value.isString()) {
            String text = value.asString();
            boolean plain = text.matches("[A-Za-z_./][A-Za-z0-9_./-]*") && !text.matches("(?i)true|false|null|yes|no|on|off|~");
            return plain ? text : value.toString();   // JSON quoting is valid YAML
        }
        return value.toString();
    }
}
