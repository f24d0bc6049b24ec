package org.difflab.core.spec;

import java.lang.reflect.RecordComponent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.difflab.core.component.Configured;
import org.difflab.core.component.OptionDescriptor;
import org.difflab.api.SpecFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Turns bound records back into a tree: the resolved spec, with every default filled in. The run id hashes its
 * canonical (key-sorted) JSON together with the run's other inputs ({@link RunInputs}), so two specs that mean
 * the same run share an id.
 */
public final class SpecWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).enable(YAMLWriteFeature.MINIMIZE_QUOTES).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SpecWriter() {}

    /** The tree of a bound value: the resolved spec, components named as the spec named them. */
    public static JsonNode toTree(Object value) {
        return tree(value, false);
    }

    /**
     * The tree of a bound value with every component named by its bare id, whether the spec qualified it or not:
     * what a run id hashes (the component's plugin is part of the run id on its own, {@link RunInputs}).
     */
    public static JsonNode bareTree(Object value) {
        return tree(value, true);
    }

    private static JsonNode tree(Object value, boolean bare) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Configured<?> configured) {
            ObjectNode node = NODES.objectNode();
            node.put("type", bare ? configured.id() : configured.name());
            if (configured.options() != null) {
                ((ObjectNode) tree(configured.options(), bare)).properties()
                        .forEach(e -> node.set(e.getKey(), e.getValue()));
            }
            return node;
        }
        if (value instanceof SpecFile file) {
            return NODES.stringNode(file.spelling());
        }
        if (value instanceof Record record) {
            ObjectNode node = NODES.objectNode();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    var accessor = component.getAccessor();
                    accessor.setAccessible(true);
                    Object child = accessor.invoke(record);
                    if (child != null) {
                        node.set(OptionDescriptor.snakeCase(component.getName()), tree(child, bare));
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return node;
        }
        if (value instanceof JsonNode node) {
            return node.deepCopy();
        }
        if (value instanceof Enum<?> constant) {
            return NODES.stringNode(constant.name().toLowerCase());
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d.doubleValue());
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i.intValue());
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l.longValue());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof String s) {
            return NODES.stringNode(s);
        }
        if (value instanceof double[] array) {
            ArrayNode node = NODES.arrayNode();
            for (double v : array) {
                node.add(v);
            }
            return node;
        }
        if (value instanceof int[] array) {
            ArrayNode node = NODES.arrayNode();
            for (int v : array) {
                node.add(v);
            }
            return node;
        }
        if (value instanceof Object[] array) {
            ArrayNode node = NODES.arrayNode();
            for (Object v : array) {
                node.add(tree(v, bare));
            }
            return node;
        }
        if (value instanceof java.util.Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), tree(v, bare)));
            return node;
        }
        if (value instanceof List<?> list) {
            ArrayNode node = NODES.arrayNode();
            list.forEach(v -> node.add(tree(v, bare)));
            return node;
        }
        throw new IllegalArgumentException("cannot write " + value.getClass());
    }

    /** YAML text of a tree. */
    public static String yaml(JsonNode tree) {
        return YAML.writeValueAsString(tree);
    }

    /** Pretty JSON text of a tree. */
    public static String json(JsonNode tree) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    }

    /** Compact JSON with keys sorted at every level. */
    public static String canonicalJson(JsonNode tree) {
        return JSON.writeValueAsString(sorted(tree));
    }

    /** First 12 hex digits of the SHA-256 of the canonical JSON. */
    public static String contentId(JsonNode tree) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonicalJson(tree).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            List<String> keys = new ArrayList<>(node.propertyNames());
            Collections.sort(keys);
            keys.forEach(k -> out.set(k, sorted(node.get(k))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }
}
