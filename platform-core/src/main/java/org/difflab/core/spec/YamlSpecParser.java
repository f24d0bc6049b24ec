package org.difflab.core.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
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

    /** Parses a spec file. */
    public static SpecDocument read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(file.toString(), "", "spec file not found");
        } catch (IOException e) {
            throw new SpecException(file.toString(), "", "cannot read spec file: " + e.getMessage());
        }
        Path directory = file.toAbsolutePath().getParent();
        return parse(text, file.getFileName().toString(), directory);
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
