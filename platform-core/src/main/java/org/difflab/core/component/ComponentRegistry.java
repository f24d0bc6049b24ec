package org.difflab.core.component;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.difflab.api.Component;
import org.difflab.core.plugin.PlatformPluginManager;
import org.difflab.core.plugin.PluginFailure;
import org.pf4j.PluginWrapper;

/**
 * Every component the platform can build, by extension point and id. Classes come from the started plugins'
 * PF4J indexes (META-INF/extensions.idx); a class that cannot be loaded, lacks {@link Component}, has no usable
 * constructor, or repeats an id already taken is recorded as a failure and skipped.
 */
public final class ComponentRegistry {

    private final Map<ExtensionKind, TreeMap<String, ComponentType>> byKind = new EnumMap<>(ExtensionKind.class);
    private final List<PluginFailure> failures = new ArrayList<>();

    private ComponentRegistry() {
        for (ExtensionKind kind : ExtensionKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
    }

    /** The components of every started plugin of {@code manager}. */
    public static ComponentRegistry of(PlatformPluginManager manager, String platformVersion) {
        ComponentRegistry registry = new ComponentRegistry();
        registry.failures.addAll(manager.failures());
        for (PluginWrapper plugin : manager.started()) {
            PluginOrigin origin = PluginOrigin.ofJar(plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                    plugin.getPluginPath());
            for (String className : manager.getExtensionClassNames(plugin.getPluginId())) {
                try {
                    Class<?> type = Class.forName(className, false, plugin.getPluginClassLoader());
                    registry.add(type, origin);
                } catch (ClassNotFoundException | LinkageError e) {
                    registry.failures.add(new PluginFailure(plugin.getPluginPath(), plugin.getPluginId(),
                            "component class " + className + " cannot be loaded: " + e));
                }
            }
        }
        return registry;
    }

    /** Components from classes on the application class path (for tests and embedding). */
    public static ComponentRegistry ofClasses(String platformVersion, Collection<Class<?>> classes) {
        ComponentRegistry registry = new ComponentRegistry();
        PluginOrigin origin = new PluginOrigin("classpath", platformVersion, null, null);
        classes.forEach(type -> registry.add(type, origin));
        return registry;
    }

    private void add(Class<?> type, PluginOrigin origin) {
        Component info = type.getAnnotation(Component.class);
        List<ExtensionKind> kinds = java.util.Arrays.stream(ExtensionKind.values())
                .filter(k -> k.point().isAssignableFrom(type)).toList();
        String where = type.getName();
        if (info == null) {
            fail(origin, where + " has no @Component(id, summary); skipped");
            return;
        }
        if (!info.id().matches("[a-z0-9][a-z0-9_-]*")) {
            fail(origin, where + " has an invalid id '" + info.id() + "' (lower case, digits, '-', '_'); skipped");
            return;
        }
        if (kinds.size() != 1) {
            fail(origin, where + " must implement exactly one extension point, implements " + kinds + "; skipped");
            return;
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            fail(origin, where + " must be a public concrete class; skipped");
            return;
        }
        Optional<Class<? extends Record>> options = optionsType(type);
        if (options == null) {
            fail(origin, where + " needs a public constructor taking its options record, or a public"
                    + " no-argument constructor; skipped");
            return;
        }
        ExtensionKind kind = kinds.get(0);
        ComponentType existing = byKind.get(kind).get(info.id());
        if (existing != null) {
            fail(origin, kind.label() + " id '" + info.id() + "' of " + where + " is already taken by plugin "
                    + existing.origin().pluginId() + "; skipped");
            return;
        }
        byKind.get(kind).put(info.id(), new ComponentType(kind, info.id(), info.summary(), type,
                options.orElse(null), origin));
    }

    /** The options record of the public single-record constructor; empty for no-arg; null if neither. */
    @SuppressWarnings("unchecked")
    private static Optional<Class<? extends Record>> optionsType(Class<?> type) {
        Optional<Class<? extends Record>> noArg = null;
        for (Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 1 && parameters[0].isRecord()) {
                return Optional.of((Class<? extends Record>) parameters[0]);
            }
            if (parameters.length == 0) {
                noArg = Optional.empty();
            }
        }
        return noArg;
    }

    private void fail(PluginOrigin origin, String reason) {
        failures.add(new PluginFailure(origin.jar() == null ? java.nio.file.Path.of("(classpath)") : origin.jar(),
                origin.pluginId(), reason));
    }

    /** The component of {@code kind} with {@code id}, if registered. */
    public Optional<ComponentType> find(ExtensionKind kind, String id) {
        return Optional.ofNullable(byKind.get(kind).get(id));
    }

    /** Ids of {@code kind}, sorted. */
    public Set<String> ids(ExtensionKind kind) {
        return byKind.get(kind).keySet();
    }

    /** Every component of {@code kind}, sorted by id. */
    public Collection<ComponentType> of(ExtensionKind kind) {
        return byKind.get(kind).values();
    }

    /** Every component with {@code id}, of any kind. */
    public List<ComponentType> withId(String id) {
        return byKind.values().stream().map(m -> m.get(id)).filter(java.util.Objects::nonNull).toList();
    }

    /** Plugins and component classes that could not be used. */
    public List<PluginFailure> failures() {
        return List.copyOf(failures);
    }
}
