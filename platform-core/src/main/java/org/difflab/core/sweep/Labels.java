package org.difflab.core.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Short, readable names for swept keys and values (progress lines, plot legends, table headers). */
public final class Labels {

    private Labels() {}

    /**
     * A short name for each key: the shortest trailing part of the dotted key that no other key shares, with a
     * trailing {@code .type} dropped ("sampling.solver.type" reads "solver", "sampling.schedule.steps" reads
     * "steps", unless another key also ends in "steps").
     */
    public static Map<String, String> shortNames(List<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : keys) {
            String[] parts = readable(key);
            String name = key;
            for (int n = 1; n <= parts.length; n++) {
                String candidate = tail(parts, n);
                int length = n;
                boolean unique = keys.stream().filter(k -> !k.equals(key))
                        .noneMatch(k -> tail(readable(k), length).equals(candidate));
                if (unique) {
                    name = candidate;
                    break;
                }
            }
            out.put(key, name);
        }
        return out;
    }

    private static String[] readable(String key) {
        String[] parts = key.split("\\.");
        if (parts.length > 1 && parts[parts.length - 1].equals("type")) {
            return Arrays.copyOf(parts, parts.length - 1);
        }
        return parts;
    }

    private static String tail(String[] parts, int n) {
        if (n > parts.length) {
            return String.join(".", parts) + "#";
        }
        return String.join(".", Arrays.copyOfRange(parts, parts.length - n, parts.length));
    }

    /** A value as text: scalars plainly, a component given only by type as its id, others in flow YAML. */
    public static String value(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.toString();
        }
        if (node.isObject() && node.size() == 1 && node.has("type") && node.get("type").isString()) {
            return node.get("type").asString();
        }
        if (node.isObject()) {
            List<String> parts = new ArrayList<>();
            node.properties().forEach(e -> parts.add(e.getKey() + ": " + value(e.getValue())));
            return "{" + String.join(", ", parts) + "}";
        }
        List<String> parts = new ArrayList<>();
        node.forEach(v -> parts.add(value(v)));
        return "[" + String.join(", ", parts) + "]";
    }

    /** "solver=heun steps=10" for a trial's values. */
    public static String describe(Map<String, JsonNode> values, Map<String, String> shortNames) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(shortNames.getOrDefault(k, k) + "=" + value(v)));
        return String.join(" ", parts);
    }
}
