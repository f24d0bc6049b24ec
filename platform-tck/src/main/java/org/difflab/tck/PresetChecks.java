package org.difflab.tck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.difflab.api.Preset;

/**
 * The contract of a {@link Preset}, checked on the structure of its fragment. The contract suite depends on the
 * platform API alone, which reads no YAML, so this is a conservative structural check, not a parse: the fragment is
 * non-empty and the same on every call; its top level is a block mapping (entries {@code key: value} at column 1,
 * values inline, in flow style {@code {type: vp}}, or on indented lines below); keys are snake_case, as spec keys
 * are, and none is given twice; indentation uses no tabs; flow brackets and quotes are balanced within each entry.
 * Whether the keys are spec keys and the values validate is checked where the platform applies the preset.
 */
public final class PresetChecks {

    private static final Pattern ENTRY = Pattern.compile("([^\\s:#'\"{}\\[\\],&*!|>%@`-][^:#]*?)\\s*:(\\s.*)?");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern BLOCK_SCALAR = Pattern.compile("[|>][-+0-9]*");

    private PresetChecks() {}

    /** Every check of {@code preset}. */
    public static List<Check> of(Preset preset) {
        return List.of(new Check("preset.fragment", "the fragment is a YAML block mapping of snake_case keys (each once),"
                + " with balanced flow collections and no tab indentation; the same on every call (a structural"
                + " check: the contract suite has no YAML parser)", () -> fragment(preset)));
    }

    static Outcome fragment(Preset preset) {
        String text = preset.fragment();
        if (text == null || text.isBlank()) {
            return Outcome.failed("the fragment is " + (text == null ? "null" : "empty") + "; a preset sets spec keys,"
                    + " e.g. \"process: {type: vp}\"");
        }
        if (!Objects.equals(text, preset.fragment())) {
            return Outcome.failed("fragment() returns different text on a second call");
        }
        String problem = structureProblem(text);
        if (problem != null) {
            return Outcome.failed(problem);
        }
        return Outcome.passed("a mapping setting " + String.join(", ", topLevelKeys(text).keySet()));
    }

    /** The top-level keys of a fragment that passes {@link #structureProblem}, with their line numbers. */
    static Map<String, Integer> topLevelKeys(String text) {
        Map<String, Integer> keys = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String content = withoutComment(lines[i]);
            if (!content.isBlank() && !content.startsWith(" ") && !content.startsWith("---")) {
                Matcher entry = ENTRY.matcher(content.stripTrailing());
                if (entry.matches()) {
                    keys.putIfAbsent(entry.group(1), i + 1);
                }
            }
        }
        return keys;
    }

    /** The first structural problem of a fragment, naming its line, or null. */
    static String structureProblem(String text) {
        String[] lines = text.split("\r?\n", -1);
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Character> open = new ArrayList<>();
        int blockScalarIndent = -1;   // inside a block scalar (| or >): its lines are text, not structure
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            int indent = 0;
            while (indent < line.length() && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
                if (line.charAt(indent) == '\t') {
                    return "line " + number + ": a tab in the indentation (YAML indents with spaces)";
                }
                indent++;
            }
            if (blockScalarIndent >= 0) {
                if (line.isBlank() || indent > blockScalarIndent) {
                    continue;
                }
                blockScalarIndent = -1;
            }
            String content = withoutComment(line).stripTrailing();
            if (content.isBlank()) {
                continue;
            }
            if (first && content.equals("---")) {
                first = false;
                continue;
            }
            if (indent == 0) {
                if (first && content.startsWith("{")) {
                    return "line " + number + ": the fragment is one flow mapping; write it as a block mapping, one"
                            + " spec key per line (\"process: {type: vp}\"), so that its keys can be checked";
                }
                if (!open.isEmpty()) {
                    return "line " + (number - 1) + ": '" + open.get(open.size() - 1) + "' is not closed before the"
                            + " next entry";
                }
                if (content.startsWith("-")) {
                    return "line " + number + ": a list item at the top level; a preset is a mapping of spec keys";
                }
                Matcher entry = ENTRY.matcher(content);
                if (!entry.matches()) {
                    return "line " + number + ": '" + content + "' is not a 'key: value' entry";
                }
                String key = entry.group(1);
                if (!SNAKE_CASE.matcher(key).matches()) {
                    return "line " + number + ": key '" + key + "' is not a spec key (spec keys are snake_case, e.g."
                            + " sampling)";
                }
                Integer earlier = seen.putIfAbsent(key, number);
                if (earlier != null) {
                    return "line " + number + ": key '" + key + "' is given twice (first on line " + earlier + ")";
                }
                String value = entry.group(2) == null ? "" : entry.group(2).strip();
                if (BLOCK_SCALAR.matcher(value).matches()) {
                    blockScalarIndent = 0;
                    first = false;
                    continue;
                }
                String unbalanced = balance(value, open);
                if (unbalanced != null) {
                    return "line " + number + ": " + unbalanced;
                }
            } else {
                if (first) {
                    return "line " + number + ": the first entry is indented; a preset's top level is a mapping of"
                            + " spec keys starting at column 1";
                }
                String value = content.strip();
                Matcher nested = ENTRY.matcher(value);
                if (open.isEmpty() && nested.matches() && nested.group(2) != null
                        && BLOCK_SCALAR.matcher(nested.group(2).strip()).matches()) {
                    blockScalarIndent = indent;
                    continue;
                }
                String unbalanced = balance(value, open);
                if (unbalanced != null) {
                    return "line " + number + ": " + unbalanced;
                }
            }
            first = false;
        }
        if (first) {
            return "the fragment has only comments; a preset sets spec keys, e.g. \"process: {type: vp}\"";
        }
        if (!open.isEmpty()) {
            return "'" + open.get(open.size() - 1) + "' is not closed at the end of the fragment";
        }
        return null;
    }

    /**
     * Tracks flow brackets of {@code text} on the stack {@code open}; quoted scalars must close on their line.
     *
     * @return the problem, or null
     */
    private static String balance(String text, List<Character> open) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int end = closingQuote(text, i);
                if (end < 0) {
                    return "the quote " + c + " opened at column " + (i + 1) + " of the value is not closed on its line";
                }
                i = end;
            } else if (c == '{' || c == '[') {
                open.add(c);
            } else if (c == '}' || c == ']') {
                char expected = c == '}' ? '{' : '[';
                if (open.isEmpty() || open.get(open.size() - 1) != expected) {
                    return "'" + c + "' closes nothing that is open";
                }
                open.remove(open.size() - 1);
            }
        }
        return null;
    }

    /** Index of the quote closing the one at {@code start} ('' escapes in single quotes, \ in double), or -1. */
    private static int closingQuote(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The line without a comment: '#' at its start or after a space, outside quotes. */
    private static String withoutComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                int end = closingQuote(line, i);
                if (end < 0) {
                    return line;
                }
                i = end;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
