package org.difflab.core.spec;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies {@code key.path=value} overrides to a spec tree, written as Hydra users type them: after the spec
 * ({@code difflab run spec.yaml sampling.schedule.steps=40}) or with {@code --set}. The value is read as YAML, so
 * numbers, lists ({@code [1, 2]}) and components ({@code {type: heun}}) can all be set; missing parents are
 * created; a leading {@code +} (Hydra's "add a key") is accepted and means the same.
 *
 * <p>A value with commas outside brackets, braces and quotes, {@code key=a,b,c}, is a sweep axis: it becomes
 * {@code sweep.grid.key: [a, b, c]} (Hydra's multirun). Quote it ({@code key='a,b'}) for a text with commas.
 * Every value set here, and every problem it causes, is located at the override as typed ({@code --set key=value}),
 * not at a line of the spec file.
 */
public final class Overrides {

    /** How a value set on the command line is located in problems: "--set key=value". */
    static final String WHERE_PREFIX = "--set ";

    private Overrides() {}

    /**
     * One override, read.
     *
     * @param path the dotted key path
     * @param values one value, or the values of a sweep axis
     * @param sweep whether it lists several values ({@code key=a,b,c})
     * @param where how problems name it
     */
    public record Assignment(String path, List<JsonNode> values, boolean sweep, String where) {}

    /** Reads one {@code key=value} (or {@code key=a,b,c}) as typed. */
    public static Assignment parse(String assignment) {
        String where = WHERE_PREFIX + assignment;
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new SpecException(where, "", "expected key.path=value (e.g. sampling.schedule.steps=40, or"
                    + " sampling.schedule.steps=10,20,40 for a sweep axis), got '" + assignment + "'");
        }
        String path = assignment.substring(0, equals).trim().replaceFirst("^\\+{1,2}", "");
        List<String> pieces = splitTopLevel(assignment.substring(equals + 1));
        List<JsonNode> values = new ArrayList<>();
        for (String piece : pieces) {
            if (pieces.size() > 1 && piece.isBlank()) {
                throw new SpecException(where, path, "a sweep axis lists values separated by commas, e.g. "
                        + path + "=10,20,40; one of them is empty");
            }
            try {
                values.add(YamlSpecParser.parseValue(piece));
            } catch (RuntimeException e) {
                throw new SpecException(where, path, "value is not valid YAML: " + e.getMessage());
            }
        }
        return new Assignment(path, values, values.size() > 1, where);
    }

    /** The overrides among {@code assignments} that list several values (sweep axes). */
    public static List<Assignment> sweepAxes(List<String> assignments) {
        return assignments.stream().map(Overrides::parse).filter(Assignment::sweep).toList();
    }

    /**
     * Applies each assignment in order; one listing several values becomes a grid axis of the spec's sweep block
     * (replacing an axis of the same key written there).
     */
    public static void apply(SpecDocument document, List<String> assignments) {
        for (String text : assignments) {
            Assignment assignment = parse(text);
            if (assignment.sweep()) {
                addGridAxis(document, assignment);
            } else {
                set(document, assignment.path(), assignment.values().get(0), assignment.where());
            }
        }
    }

    private static void addGridAxis(SpecDocument document, Assignment assignment) {
        checkPath(assignment.path(), assignment.where());
        boolean newBlock = document.root().get("sweep") == null;
        ObjectNode sweep = mapping(document.root(), "sweep", assignment.where());
        ObjectNode grid = mapping(sweep, "grid", assignment.where());
        ArrayNode values = grid.putArray(assignment.path());
        assignment.values().forEach(values::add);
        if (newBlock) {
            document.locate("sweep", assignment.where());
        }
        document.locate(SpecPaths.child("sweep.grid", assignment.path()), assignment.where());
    }

    private static ObjectNode mapping(ObjectNode parent, String key, String where) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return parent.putObject(key);
        }
        if (!node.isObject()) {
            throw new SpecException(where, key, "cannot add a sweep axis: " + key + " is not a mapping");
        }
        return (ObjectNode) node;
    }

    /**
     * Splits at commas outside quotes, brackets and braces: "a,b" is two values, "[a, b]" and "'a,b'" one.
     */
    static List<String> splitTopLevel(String text) {
        List<String> pieces = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                pieces.add(text.substring(start, i));
                start = i + 1;
            }
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    private static void checkPath(String path, String where) {
        if (!path.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            throw new SpecException(where, path, "a key path is dot-separated keys, e.g. sampling.schedule.steps");
        }
    }

    /** Sets the value at a dotted path (no list indices), creating mappings on the way. */
    public static void set(SpecDocument document, String path, JsonNode value, String where) {
        checkPath(path, where);
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
