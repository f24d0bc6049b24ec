package org.difflab.core.component;

import org.difflab.api.SpecFile;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import org.difflab.api.Param;

/**
 * One key of an options record: its snake_case spec key, Java type, documentation, default and range,
 * read from the record component and its {@link Param}.
 *
 * @param key snake_case spec key
 * @param component the record component
 * @param param its annotation, or null if undocumented
 */
public record OptionDescriptor(String key, RecordComponent component, Param param) {

    /** Describes one record component. */
    public static OptionDescriptor of(RecordComponent component) {
        return new OptionDescriptor(snakeCase(component.getName()), component, component.getAnnotation(Param.class));
    }

    /** The generic type of the value. */
    public Type type() {
        return component.getGenericType();
    }

    /** Documentation, or empty. */
    public String doc() {
        return param == null ? "" : param.doc();
    }

    /** The default in YAML syntax, or null (also for {@code defaultValue = "null"}, an optional block). */
    public String defaultValue() {
        return param == null || param.defaultValue().isEmpty() || param.defaultValue().equals("null") ? null
                : param.defaultValue();
    }

    /** Whether the key is an optional block ({@code defaultValue = "null"}). */
    public boolean optionalBlock() {
        return param != null && param.defaultValue().equals("null");
    }

    /**
     * Whether a spec must give this key: it has no default and its type cannot be absent. Boxed numbers and
     * booleans and free-form trees ({@code JsonNode}) may be absent (null); anything else, files included, is
     * optional only when marked {@code defaultValue = "null"}.
     */
    public boolean required() {
        if (defaultValue() != null || optionalBlock()) {
            return false;
        }
        Class<?> raw = component.getType();
        boolean nullable = Number.class.isAssignableFrom(raw) || raw == Boolean.class
                || raw.getName().equals("tools.jackson.databind.JsonNode");
        return !nullable;
    }

    /** Whether the range is unconstrained. */
    public boolean unbounded() {
        return param == null || (param.min() == Double.NEGATIVE_INFINITY && param.max() == Double.POSITIVE_INFINITY);
    }

    /** The accepted range, e.g. "> 0", "in [1, 3]", or "" if unbounded. */
    public String range() {
        if (unbounded()) {
            return "";
        }
        boolean hasMin = param.min() != Double.NEGATIVE_INFINITY;
        boolean hasMax = param.max() != Double.POSITIVE_INFINITY;
        if (hasMin && hasMax) {
            return "in " + (param.exclusiveMin() ? "(" : "[") + number(param.min()) + ", " + number(param.max())
                    + (param.exclusiveMax() ? ")" : "]");
        }
        return hasMin ? (param.exclusiveMin() ? "> " : ">= ") + number(param.min())
                : (param.exclusiveMax() ? "< " : "<= ") + number(param.max());
    }

    /** Whether a number satisfies the range. */
    public boolean inRange(double value) {
        if (param == null) {
            return true;
        }
        boolean aboveMin = param.exclusiveMin() ? value > param.min() : value >= param.min();
        boolean belowMax = param.exclusiveMax() ? value < param.max() : value <= param.max();
        return aboveMin && belowMax;
    }

    /** A short human name of the type ("number", "integer", "list of numbers", ...). */
    public String typeName() {
        return typeName(type());
    }

    static String typeName(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            Type argument = parameterized.getActualTypeArguments()[0];
            if (raw == List.class) {
                return "list of " + plural(typeName(argument));
            }
            if (raw == Configured.class || raw == org.difflab.api.ComponentChoice.class) {
                return ExtensionKind.of((Class<?>) argument).map(k -> k.label() + " component").orElse("component");
            }
        }
        if (type instanceof Class<?> c) {
            if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
                return "number";
            }
            if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
                return "integer";
            }
            if (c == boolean.class || c == Boolean.class) {
                return "boolean";
            }
            if (c == String.class) {
                return "string";
            }
            if (c == double[].class) {
                return "list of numbers";
            }
            if (c == double[][].class) {
                return "list of lists of numbers";
            }
            if (c == int[].class) {
                return "list of integers";
            }
            if (c == SpecFile.class) {
                return "file path";
            }
            if (c.isEnum()) {
                return "one of " + String.join(", ", enumSpellings(c));
            }
            if (c.isRecord()) {
                return "mapping";
            }
        }
        return type.getTypeName();
    }

    /** How a spec spells each constant of an enum: lower case, '_' as in the constant name. */
    public static List<String> enumSpellings(Class<?> enumType) {
        return java.util.Arrays.stream(enumType.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase()).toList();
    }

    /** camelCase to snake_case. */
    public static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static String plural(String name) {
        return name.endsWith("s") || name.startsWith("list") || name.startsWith("one of") ? name : name + "s";
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
