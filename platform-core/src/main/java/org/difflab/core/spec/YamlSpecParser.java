package org.difflab.core.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads YAML into a {@link SpecDocument}, recording the line of every key and list element. The tree is
 * built from the token stream (rather than Jackson's tree model) because the tree model drops positions,
 * and so that duplicate keys are errors instead of silently keeping the last.
 */
public final class YamlSpecParser {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlSpecParser() {}

    /** The key naming base specs: {@code extends: base.yaml} or a list of them. */
    static final String EXTENDS = "extends";

    /**
     * Parses a spec file and the bases it {@code extends:} (relative to its folder; each a spec file that may extend
     * others; a list is applied in order, later bases winning). The spec's own keys win over its bases'; a cycle is
     * refused.
     */
    public static SpecDocument read(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return read(file, file.getFileName().toString(), new ArrayList<>(List.of(absolute)));
    }

    private static SpecDocument read(Path file, String name, List<Path> chain) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(file.toString(), "", "spec file not found");
        } catch (IOException e) {
            throw new SpecException(file.toString(), "", "cannot read spec file: " + e.getMessage());
        }
        Path directory = file.toAbsolutePath().getParent();
        SpecDocument document = parse(text, name, directory);
        JsonNode bases = document.root().remove(EXTENDS);
        if (bases == null || bases.isNull()) {
            return document;
        }
        List<JsonNode> named = new ArrayList<>();
        if (bases.isArray()) {
            bases.forEach(named::add);
        } else {
            named.add(bases);
        }
        Path top = chain.get(0).getParent();
        // later bases win: put them under the document last to first
        for (int i = named.size() - 1; i >= 0; i--) {
            String path = bases.isArray() ? SpecPaths.element(EXTENDS, i) : EXTENDS;
            JsonNode base = named.get(i);
            if (!base.isString() || base.asString().isBlank()) {
                throw new SpecException(document.where(path), path, "expected the path of a base spec (relative to"
                        + " this spec's folder) or a list of them, got " + SpecBinder.describe(base));
            }
            Path resolved = directory.resolve(base.asString()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(resolved)) {
                throw new SpecException(document.where(path), path, "base spec not found: " + base.asString()
                        + " (resolved against this spec's folder " + directory + ": " + resolved + ")");
            }
            if (chain.contains(resolved)) {
                List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(resolved), chain.size()).stream()
                        .map(p -> top.relativize(p).toString()).toList());
                cycle.add(top.relativize(resolved).toString());
                throw new SpecException(document.where(path), path, "extends: makes a cycle: "
                        + String.join(" -> ", cycle) + "; a spec cannot extend itself, directly or through its bases");
            }
            chain.add(resolved);
            SpecDocument parent = read(resolved, top.relativize(resolved).toString(), chain);
            chain.remove(chain.size() - 1);
            document.extend(parent);
        }
        return document;
    }

    /** Parses spec text; relative paths in it resolve against {@code directory}. */
    public static SpecDocument parse(String text, String sourceName, Path directory) {
        Map<String, String> positions = new HashMap<>();
        java.util.List<SpecProblem> problems = new java.util.ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SpecException(sourceName, "", "the spec is empty; it needs at least experiment:, data:,"
                        + " process: and sampling:");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new SpecException(sourceName + ":" + line(parser), "", "a spec must be a mapping of keys"
                        + " (experiment:, data:, ...), not a " + first.toString().toLowerCase());
            }
            ObjectNode root = (ObjectNode) readValue(parser, "", sourceName, positions, problems);
            if (!problems.isEmpty()) {
                throw new SpecException(problems);
            }
            return new SpecDocument(root, sourceName, directory, positions);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? sourceName : sourceName + ":" + e.getLocation().getLineNr();
            throw new SpecException(where, "", "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** Parses a YAML fragment (an override value or a default); no positions. */
    public static JsonNode parseValue(String text) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return NODES.nullNode();
            }
            return readValue(parser, "", "", new HashMap<>(), new java.util.ArrayList<>());
        }
    }

    private static JsonNode readValue(JsonParser parser, String path, String source, Map<String, String> positions,
            java.util.List<SpecProblem> problems) {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = parser.currentName();
                    String keyPath = SpecPaths.child(path, key);
                    String where = source + ":" + line(parser);
                    parser.nextToken();
                    JsonNode value = readValue(parser, keyPath, source, positions, problems);
                    if (object.has(key)) {
                        problems.add(new SpecProblem(where, keyPath, "duplicate key (first given at "
                                + positions.get(keyPath) + ")"));
                        continue;
                    }
                    positions.put(keyPath, where);
                    object.set(key, value);
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String elementPath = SpecPaths.element(path, index++);
                    positions.put(elementPath, source + ":" + line(parser));
                    array.add(readValue(parser, elementPath, source, positions, problems));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.stringNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                Number n = parser.getNumberValue();
                return n instanceof Integer i ? NODES.numberNode(i.intValue()) : NODES.numberNode(n.longValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getNumberValue().doubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalStateException("unexpected YAML token " + token);
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}
