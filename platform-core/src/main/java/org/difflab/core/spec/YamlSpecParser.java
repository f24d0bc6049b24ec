package org.difflab.core.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads YAML into a {@link SpecDocument}, recording the line of every key and list element. The tree is
 * built from the token stream (rather than Jackson's tree model) because the tree model drops positions,
 * and so that duplicate keys are errors instead of silently keeping the last.
 */
public final class YamlSpecParser {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlSpecParser() {}

    /** The largest spec file read (specs are a few kB; a bigger one is a mistake such as a data file or a device). */
    static final long MAX_SPEC_BYTES = 4L << 20;

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
            // never open a FIFO or a device: reading /dev/zero would fill memory, a FIFO could block forever
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new SpecException(file.toString(), "", "not a regular file ("
                        + (Files.isDirectory(file) ? "a directory" : "a FIFO, socket or device") + "); give the spec's"
                        + " YAML file");
            }
            if (Files.exists(file) && Files.size(file) > MAX_SPEC_BYTES) {
                throw new SpecException(file.toString(), "", "the file has " + Files.size(file) + " bytes; a spec is"
                        + " a small YAML file (at most " + (MAX_SPEC_BYTES >> 20) + " MB)");
            }
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new SpecException(file.toString(), "", "spec file not found");
        } catch (CharacterCodingException e) {
            throw new SpecException(file.toString(), "", "not UTF-8 text (" + e.getMessage() + "); save the spec as"
                    + " UTF-8 (a spec written on Windows may be UTF-16 or Latin-1)");
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
            if (parser.nextToken() != null) {
                // a second document would otherwise be ignored without a word
                problems.add(new SpecProblem(sourceName + ":" + line(parser), "", "a second YAML document (after"
                        + " '---'); a spec is one document: remove the '---' or split it into two spec files"));
            }
            if (!problems.isEmpty()) {
                throw new SpecException(problems);
            }
            return new SpecDocument(root, sourceName, directory, positions);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? sourceName : sourceName + ":" + e.getLocation().getLineNr();
            String message = e.getOriginalMessage().lines().findFirst().orElse("");
            String hint = message.contains("'\\t'") || message.contains("\\t(TAB)") || message.contains("TAB")
                    ? " (YAML indents with spaces; the line has a tab)" : "";
            throw new SpecException(where, "", "not valid YAML: " + message + hint);
        }
    }

    /** Parses a YAML fragment (an override value or a default); no positions. */
    public static JsonNode parseValue(String text) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return NODES.nullNode();
            }
            java.util.List<SpecProblem> problems = new java.util.ArrayList<>();
            JsonNode value = readValue(parser, "", "", new HashMap<>(), problems);
            if (!problems.isEmpty()) {
                throw new SpecException(problems);
            }
            return value;
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
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    // Jackson hands an alias over as its anchor's name: the value would silently be "smax"
                    problems.add(new SpecProblem(source + ":" + line(parser), path, "YAML aliases (*" + parser.getText()
                            + ") are not supported; write the value out (or use a preset, or --set)"));
                }
                return NODES.stringNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    problems.add(new SpecProblem(source + ":" + line(parser), path, "must be a whole number from "
                            + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ", got " + parser.getText()
                            + " (it does not fit in 64 bits)"));
                    return NODES.numberNode(0L);
                }
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
