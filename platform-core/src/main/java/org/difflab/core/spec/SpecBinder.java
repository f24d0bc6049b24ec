package org.difflab.core.spec;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.difflab.api.InvalidOptionException;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.component.ComponentType;
import org.difflab.core.component.Configured;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.component.OptionDescriptor;
import org.difflab.api.SpecFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds a spec tree to typed records, checking everything before anything runs: unknown keys, missing
 * required keys, wrong value types, out-of-range numbers, unknown component types, missing files and the
 * components' own cross-field checks. Every problem names its key path, its line and what is accepted; all
 * problems are collected and reported together.
 *
 * <p>Record fields of type {@code Configured<P>} are components of extension point P, written
 * {@code {type: id, option: value, ...}} or just {@code id}; their options bind to the component's options
 * record.
 */
public final class SpecBinder {

    private final ComponentRegistry registry;
    private final SpecDocument document;
    private final List<SpecProblem> problems = new ArrayList<>();

    /** A binder for one document. */
    public SpecBinder(ComponentRegistry registry, SpecDocument document) {
        this.registry = registry;
        this.document = document;
    }

    /**
     * Binds the whole document to {@code type}.
     *
     * @throws SpecException listing every problem found
     */
    public <R extends Record> R bindDocument(Class<R> type) {
        R result = bindRecord(document.root(), type, "", null);
        throwIfProblems();
        return result;
    }

    /** Binds a component choice (a string id or a {type: ...} mapping) at {@code path}. */
    public Configured<?> bindComponent(JsonNode node, ExtensionKind kind, String path) {
        return component(node, kind, path);
    }

    /** Records a problem found by a later check (cross-component validation) at {@code path}. */
    public void problem(String path, String message) {
        problems.add(new SpecProblem(document.where(path), path, message));
    }

    /** Throws every problem recorded so far, if any. */
    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
    }

    private <R extends Record> R bindRecord(JsonNode node, Class<R> type, String path, String context) {
        List<OptionDescriptor> options = java.util.Arrays.stream(type.getRecordComponents())
                .map(OptionDescriptor::of).toList();
        if (!node.isObject()) {
            problem(path, "expected a mapping" + keysHint(options) + ", got " + describe(node));
            return null;
        }
        int before = problems.size();
        for (String key : node.propertyNames()) {
            if (options.stream().noneMatch(o -> o.key().equals(key)) && !(context != null && key.equals("type"))) {
                List<String> accepted = options.stream().map(OptionDescriptor::key).toList();
                problem(SpecPaths.child(path, key), "unknown key '" + key + "'" + (context == null ? "" : " for " + context)
                        + "; accepted: " + (accepted.isEmpty() ? "none (it takes no options)" : String.join(", ", accepted))
                        + suggestion(key, accepted));
            }
        }
        Object[] values = new Object[options.size()];
        for (int i = 0; i < options.size(); i++) {
            OptionDescriptor option = options.get(i);
            String keyPath = SpecPaths.child(path, option.key());
            JsonNode value = node.get(option.key());
            if (value == null || value.isNull()) {
                if (option.defaultValue() != null) {
                    value = YamlSpecParser.parseValue(option.defaultValue());
                } else if (option.required()) {
                    problem(keyPath, "missing required key" + (option.doc().isEmpty() ? "" : " (" + option.doc() + ")")
                            + "; expected " + option.typeName());
                    continue;
                } else {
                    continue;
                }
            }
            values[i] = bindValue(value, option.type(), option, keyPath);
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(
                    java.util.Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class[]::new));
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            rejected(e.getCause(), path);
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private void rejected(Throwable cause, String path) {
        if (cause instanceof InvalidOptionException invalid) {
            problem(SpecPaths.child(path, invalid.key()), invalid.getMessage());
        } else if (cause instanceof IllegalArgumentException) {
            problem(path, cause.getMessage());
        } else {
            problem(path, "rejected: " + cause);
        }
    }

    private Object bindValue(JsonNode node, Type type, OptionDescriptor option, String path) {
        if (type instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            Type argument = parameterized.getActualTypeArguments()[0];
            if (raw == List.class) {
                if (!node.isArray()) {
                    problem(path, "expected a list, got " + describe(node));
                    return null;
                }
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    Object element = bindValue(node.get(i), argument, option, SpecPaths.element(path, i));
                    if (element == null) {
                        return null;   // the element's problem is recorded
                    }
                    list.add(element);
                }
                return List.copyOf(list);
            }
            if (raw == Configured.class || raw == org.difflab.api.ComponentChoice.class) {
                ExtensionKind kind = ExtensionKind.of((Class<?>) argument)
                        .orElseThrow(() -> new IllegalStateException("not an extension point: " + argument));
                return component(node, kind, path);
            }
        }
        Class<?> c = (Class<?>) type;
        if (c == double.class || c == Double.class) {
            Double value = number(node, path);
            return value == null || !inRange(value, option, path) ? null : value;
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            if (!node.isIntegralNumber() || (c != long.class && c != Long.class && !node.canConvertToInt())) {
                problem(path, "expected an integer, got " + describe(node));
                return null;
            }
            long value = node.longValue();
            if (!inRange(value, option, path)) {
                return null;
            }
            return c == int.class || c == Integer.class ? (Object) (int) value : (Object) value;
        }
        if (c == boolean.class || c == Boolean.class) {
            if (!node.isBoolean()) {
                problem(path, "expected true or false, got " + describe(node));
                return null;
            }
            return node.booleanValue();
        }
        if (c == String.class) {
            if (!node.isString()) {
                problem(path, "expected a string, got " + describe(node));
                return null;
            }
            return node.asString();
        }
        if (c.isEnum()) {
            return enumValue(node, c, path);
        }
        if (c == double[].class) {
            if (!node.isArray()) {
                problem(path, "expected a list of numbers, got " + describe(node));
                return null;
            }
            double[] out = new double[node.size()];
            for (int i = 0; i < out.length; i++) {
                Double value = number(node.get(i), SpecPaths.element(path, i));
                if (value == null || !inRange(value, option, SpecPaths.element(path, i))) {
                    return null;
                }
                out[i] = value;
            }
            return out;
        }
        if (c == double[][].class) {
            if (!node.isArray()) {
                problem(path, "expected a list of lists of numbers, got " + describe(node));
                return null;
            }
            double[][] out = new double[node.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = (double[]) bindValue(node.get(i), double[].class, option, SpecPaths.element(path, i));
                if (out[i] == null) {
                    return null;
                }
            }
            return out;
        }
        if (c == int[].class) {
            if (!node.isArray()) {
                problem(path, "expected a list of integers, got " + describe(node));
                return null;
            }
            int[] out = new int[node.size()];
            for (int i = 0; i < out.length; i++) {
                Object value = bindValue(node.get(i), int.class, option, SpecPaths.element(path, i));
                if (value == null) {
                    return null;
                }
                out[i] = (Integer) value;
            }
            return out;
        }
        if (c == SpecFile.class) {
            if (!node.isString()) {
                problem(path, "expected a file path, got " + describe(node));
                return null;
            }
            // paths given with --set are relative to the working directory, paths in a spec file to its folder
            boolean commandLine = document.fromCommandLine(path) || document.directory(path) == null;
            Path base = (commandLine ? Path.of("") : document.directory(path)).toAbsolutePath().normalize();
            Path resolved = base.resolve(node.asString()).normalize();
            if (!Files.exists(resolved)) {
                problem(path, "file not found: " + node.asString() + " (resolved against "
                        + (commandLine ? "the working directory " : "the spec's folder ") + base + ": " + resolved
                        + (Path.of(node.asString()).isAbsolute() ? ")" : commandLine
                                ? "; paths given with --set are relative to the working directory)"
                                : "; paths in a spec file are relative to its folder)"));
                return null;
            }
            return new SpecFile(node.asString(), resolved);
        }
        if (c == JsonNode.class) {
            return node.deepCopy();
        }
        if (c.isRecord()) {
            @SuppressWarnings("unchecked")
            Class<? extends Record> recordType = (Class<? extends Record>) c;
            return bindRecord(node, recordType, path, null);
        }
        throw new IllegalStateException("unsupported option type " + type + " at " + path);
    }

    private Configured<?> component(JsonNode node, ExtensionKind kind, String path) {
        JsonNode options;
        String id;
        String typePath = SpecPaths.child(path, "type");
        if (node.isString()) {
            id = node.asString();
            options = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            typePath = path;
        } else if (node.isObject()) {
            JsonNode type = node.get("type");
            if (type == null || !type.isString()) {
                problem(path, "missing 'type' naming the " + kind.label() + "; accepted: "
                        + String.join(", ", registry.names(kind)));
                return null;
            }
            id = type.asString();
            options = node;
        } else {
            problem(path, "expected a " + kind.label() + " id or {type: id, ...options}, got " + describe(node));
            return null;
        }
        List<ComponentType> candidates = registry.candidates(kind, id);
        if (candidates.isEmpty()) {
            Collection<String> accepted = registry.names(kind);
            problem(typePath, "unknown " + kind.label() + " '" + id + "'; accepted: "
                    + (accepted.isEmpty() ? "none (no plugin provides one; see difflab plugins)" : String.join(", ", accepted))
                    + suggestion(id, accepted));
            return null;
        }
        if (candidates.size() > 1) {
            ComponentRegistry.Clash clash = registry.clashOf(candidates.get(0)).orElseThrow();
            problem(typePath, clash.describe() + "; name the one you mean: " + clash.qualifiedChoices());
            return null;
        }
        ComponentType componentType = candidates.get(0);
        boolean qualified = id.indexOf(ComponentType.QUALIFIER) >= 0;
        String context = kind.label() + " '" + id + "'";
        if (componentType.optionsType() == null) {
            ObjectNode rest = options.isObject() ? ((ObjectNode) options).deepCopy() : null;
            if (rest != null) {
                rest.remove("type");
                for (String key : rest.propertyNames()) {
                    problem(SpecPaths.child(path, key), "unknown key '" + key + "' for " + context
                            + "; it takes no options");
                }
                if (!rest.isEmpty()) {
                    return null;
                }
            }
            return new Configured<>(componentType, null, qualified);
        }
        int before = problems.size();
        Record bound = bindRecord(options, componentType.optionsType(), path, context);
        if (problems.size() > before) {
            return null;
        }
        Configured<?> configured = new Configured<>(componentType, bound, qualified);
        try {
            configured.create();   // components validate their options when constructed
        } catch (IllegalArgumentException e) {
            rejected(e, path);
            return null;
        } catch (IllegalStateException e) {
            problem(path, e.getMessage());
            return null;
        }
        return configured;
    }

    private Double number(JsonNode node, String path) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isString()) {
            switch (node.asString().trim().toLowerCase()) {
                case "inf", "+inf", "infinity", ".inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity", "-.inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> { }
            }
        }
        problem(path, "expected a number, got " + describe(node));
        return null;
    }

    private boolean inRange(double value, OptionDescriptor option, String path) {
        // no option takes an infinite value: one (say process.sigma_max: .inf) would otherwise be accepted here and
        // fail later, blamed on whichever component first computes with it
        if (!Double.isFinite(value) || !option.inRange(value)) {
            String range = option.range();
            String accepted = Double.isFinite(value) ? range : "a finite number" + (range.isEmpty() ? "" : " " + range);
            problem(path, "must be " + accepted + ", got " + format(value));
            return false;
        }
        return true;
    }

    private Object enumValue(JsonNode node, Class<?> type, String path) {
        List<String> accepted = OptionDescriptor.enumSpellings(type);
        if (node.isString()) {
            String given = node.asString().trim().toLowerCase().replace('-', '_');
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().toLowerCase().equals(given)) {
                    return constant;
                }
            }
        }
        problem(path, "expected one of " + String.join(", ", accepted) + ", got " + describe(node)
                + (node.isString() ? suggestion(node.asString(), accepted) : ""));
        return null;
    }

    private static String keysHint(List<OptionDescriptor> options) {
        return options.isEmpty() ? "" : " with keys " + String.join(", ", options.stream().map(OptionDescriptor::key).toList());
    }

    static String describe(JsonNode node) {
        if (node.isString()) {
            return "'" + node.asString() + "'";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.toString();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** " (did you mean 'x'?)" for the closest accepted word within a small edit distance, else "". */
    public static String suggestion(String given, Collection<String> accepted) {
        return accepted.stream()
                .filter(a -> editDistance(given, a) <= (a.length() <= 3 ? 1 : 2))
                .min(Comparator.comparingInt(a -> editDistance(given, a)))
                .map(a -> " (did you mean '" + a + "'?)").orElse("");
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
