package org.difflab.core.spec;

import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.difflab.api.SpecFile;
import org.difflab.core.component.ComponentType;
import org.difflab.core.component.Configured;
import org.difflab.core.component.OptionDescriptor;
import org.difflab.core.io.FileDigests;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a run's results depend on besides the spec's text: the component behind every component key (its plugin's
 * id and version and the jar's SHA-256) and the bytes of every file or folder a key names ({@link SpecFile}
 * options, wherever they occur: {@code sampling.initial_noise}, {@code checkpoint}, {@code data.path}, ...).
 * The run id hashes these together with the resolved spec and the platform version, so a changed data file,
 * initial-noise file or rebuilt plugin jar is a new run rather than one that "already finished".
 *
 * @param components the component at each key path, in spec order ({@code sampling.solver},
 *     {@code evaluation.metrics[0]}, ...)
 * @param files the file at each key path with its content digest
 */
public record RunInputs(Map<String, Configured<?>> components, Map<String, FileInput> files) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A file or folder a run reads.
     *
     * @param file as named in the spec, and resolved
     * @param sha256 hex SHA-256 of its bytes (of a folder: of its files' relative paths and digests)
     */
    public record FileInput(SpecFile file, String sha256) {}

    /**
     * The inputs of a bound spec. A file that cannot be read is reported to {@code problems} (key path, message)
     * and left out.
     */
    public static RunInputs of(Record spec, BiConsumer<String, String> problems) {
        Map<String, Configured<?>> components = new LinkedHashMap<>();
        Map<String, FileInput> files = new LinkedHashMap<>();
        collect(spec, "", components, files, problems);
        return new RunInputs(Collections.unmodifiableMap(components), Collections.unmodifiableMap(files));
    }

    private static void collect(Object value, String path, Map<String, Configured<?>> components,
            Map<String, FileInput> files, BiConsumer<String, String> problems) {
        if (value instanceof Configured<?> configured) {
            components.put(path, configured);
            if (configured.options() != null) {
                collect(configured.options(), path, components, files, problems);   // its options are keys under it
            }
        } else if (value instanceof SpecFile file) {
            try {
                files.put(path, new FileInput(file, FileDigests.sha256(file.path())));
            } catch (UncheckedIOException e) {
                problems.accept(path, file.spelling() + ": cannot be read (" + e.getCause().getMessage() + ")");
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), SpecPaths.element(path, i), components, files, problems);
            }
        } else if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    var accessor = component.getAccessor();
                    accessor.setAccessible(true);
                    collect(accessor.invoke(record), SpecPaths.child(path, OptionDescriptor.snakeCase(
                            component.getName())), components, files, problems);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * The run id: the first 12 hex digits of the SHA-256 of the resolved spec (components by bare id), the
     * identity of every input, and the platform version.
     *
     * @param bareSpec the resolved spec as {@link SpecWriter#bareTree} writes it, without the sweep block
     */
    public String runId(JsonNode bareSpec, String platformVersion) {
        ObjectNode identity = NODES.objectNode();
        identity.set("spec", bareSpec);
        identity.put("platform", platformVersion);
        identity.setAll(identity(""));
        return SpecWriter.contentId(identity);
    }

    /** The top-level spec keys a trained network does not depend on: naming, sampling, evaluation. */
    private static final List<String> NOT_TRAINING = List.of("experiment", "description", "sampling", "evaluation");

    /**
     * The training id: like the run id, but of the spec without the keys that only say how the trained network is
     * used or what the run is called (experiment, description, sampling, evaluation) and without their inputs.
     * Runs with the same training id train bit-for-bit the same network (on the same thread count), so one may
     * use the network the other trained (a guidance or solver sweep trains once).
     *
     * @param bareSpec the resolved spec as {@link SpecWriter#bareTree} writes it, without the sweep block
     */
    public String trainingId(JsonNode bareSpec, String platformVersion) {
        ObjectNode training = ((ObjectNode) bareSpec).deepCopy();
        NOT_TRAINING.forEach(training::remove);
        ObjectNode identity = NODES.objectNode();
        identity.set("spec", training);
        identity.put("platform", platformVersion);
        identity.setAll(identity(path -> NOT_TRAINING.stream().noneMatch(key -> under(path, key))));
        return SpecWriter.contentId(identity);
    }

    /**
     * The identity of the inputs at {@code prefix} or under it ("" for all): {@code components} (key path to id,
     * plugin, version and jar SHA-256; not the jar's file name) and {@code files} (key path to SHA-256).
     */
    public ObjectNode identity(String prefix) {
        return identity(path -> under(path, prefix));
    }

    private ObjectNode identity(java.util.function.Predicate<String> included) {
        ObjectNode node = NODES.objectNode();
        ObjectNode componentsNode = node.putObject("components");
        components.forEach((path, configured) -> {
            if (included.test(path)) {
                ObjectNode component = identityOf(configured.type());
                component.remove("jar");
                componentsNode.set(path, component);
            }
        });
        ObjectNode filesNode = node.putObject("files");
        files.forEach((path, input) -> {
            if (included.test(path)) {
                filesNode.put(path, input.sha256());
            }
        });
        return node;
    }

    /** id, plugin, plugin_version and (for a jar) jar and jar_sha256 of a component: what run.json records. */
    public static ObjectNode identityOf(ComponentType type) {
        ObjectNode node = NODES.objectNode();
        node.put("id", type.id());
        node.put("plugin", type.origin().pluginId());
        node.put("plugin_version", type.origin().version());
        if (type.origin().jar() != null) {
            node.put("jar", type.origin().jar().getFileName().toString());
            node.put("jar_sha256", type.origin().sha256());
        }
        return node;
    }

    private static boolean under(String path, String prefix) {
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[");
    }
}
