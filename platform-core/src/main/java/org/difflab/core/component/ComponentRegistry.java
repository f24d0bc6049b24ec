package org.difflab.core.component;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
 * constructor, or repeats an id its own plugin already declared is recorded as a failure and skipped.
 *
 * <p>Two plugins may declare the same id for the same extension point (a plugin's {@code heun} next to the
 * bundled one). Neither replaces the other: both are registered, the clash is reported ({@link #clashes()}), and
 * a spec must name the one it means qualified by its plugin, {@code solvers:heun}; the bare id is then an error
 * listing the candidates. Ids that only one plugin declares can be written either way.
 */
public final class ComponentRegistry {

    /**
     * Components of one kind declared by more than one plugin under the same id.
     *
     * @param kind the extension point
     * @param id the shared id
     * @param candidates every component with that id, by plugin id
     */
    public record Clash(ExtensionKind kind, String id, List<ComponentType> candidates) {

        /** "solver 'heun' is provided by 2 plugins: fast-heun (fast-heun.jar), solvers (...)". */
        public String describe() {
            return kind.label() + " '" + id + "' is provided by " + candidates.size() + " plugins: "
                    + String.join(", ", candidates.stream().map(c -> c.origin().describe()).toList());
        }

        /** "fast-heun:heun or solvers:heun". */
        public String qualifiedChoices() {
            List<String> names = candidates.stream().map(ComponentType::qualifiedId).toList();
            return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        }
    }

    private static final Comparator<ComponentType> BY_PLUGIN = Comparator.comparing(c -> c.origin().pluginId());

    private final String platformVersion;
    private final Map<ExtensionKind, TreeMap<String, List<ComponentType>>> byKind = new EnumMap<>(ExtensionKind.class);
    private final List<PluginFailure> failures = new ArrayList<>();

    private ComponentRegistry(String platformVersion) {
        this.platformVersion = platformVersion;
        for (ExtensionKind kind : ExtensionKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
    }

    /** The components of every started plugin of {@code manager}. */
    public static ComponentRegistry of(PlatformPluginManager manager, String platformVersion) {
        ComponentRegistry registry = new ComponentRegistry(platformVersion);
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
        ComponentRegistry registry = new ComponentRegistry(platformVersion);
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
        Optional<ComponentType> twin = byKind.get(kind).getOrDefault(info.id(), List.of()).stream()
                .filter(c -> c.origin().pluginId().equals(origin.pluginId())).findFirst();
        if (twin.isPresent()) {
            fail(origin, kind.label() + " id '" + info.id() + "' of " + where + " is declared twice in this plugin"
                    + " (also by " + twin.get().implementation().getName() + "); skipped");
            return;
        }
        register(new ComponentType(kind, info.id(), info.summary(), type, options.orElse(null), origin));
    }

    private void register(ComponentType type) {
        List<ComponentType> same = byKind.get(type.kind()).computeIfAbsent(type.id(), id -> new ArrayList<>());
        same.add(type);
        same.sort(BY_PLUGIN);
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

    /**
     * The components of {@code kind} a spec's {@code name} may mean: for a qualified name ({@code solvers:heun})
     * the one component with that plugin and id, if any; for a bare id every component with that id (more than
     * one when plugins clash).
     */
    public List<ComponentType> candidates(ExtensionKind kind, String name) {
        int colon = name.lastIndexOf(ComponentType.QUALIFIER);
        if (colon < 0) {
            return List.copyOf(byKind.get(kind).getOrDefault(name, List.of()));
        }
        String plugin = name.substring(0, colon);
        return byKind.get(kind).getOrDefault(name.substring(colon + 1), List.of()).stream()
                .filter(c -> c.origin().pluginId().equals(plugin)).toList();
    }

    /** The component of {@code kind} that {@code name} (an id or a qualified id) names, if exactly one. */
    public Optional<ComponentType> find(ExtensionKind kind, String name) {
        List<ComponentType> found = candidates(kind, name);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Ids of {@code kind}, sorted (an id several plugins declare appears once). */
    public Set<String> ids(ExtensionKind kind) {
        return byKind.get(kind).keySet();
    }

    /** What a spec can write for each component of {@code kind}: its id, or its qualified id where ids clash. */
    public List<String> names(ExtensionKind kind) {
        return of(kind).stream().map(this::nameOf).sorted().toList();
    }

    /** The id a spec writes for {@code type}: its bare id if no other plugin declares it, else its qualified id. */
    public String nameOf(ComponentType type) {
        return byKind.get(type.kind()).getOrDefault(type.id(), List.of()).size() > 1 ? type.qualifiedId() : type.id();
    }

    /** Every component of {@code kind}, sorted by id, then plugin id. */
    public List<ComponentType> of(ExtensionKind kind) {
        return byKind.get(kind).values().stream().flatMap(List::stream).toList();
    }

    /** Every component that {@code name} (an id or a qualified id) names, of any kind. */
    public List<ComponentType> withId(String name) {
        return byKind.keySet().stream().flatMap(kind -> candidates(kind, name).stream()).toList();
    }

    /** Ids that more than one plugin declares for the same extension point. */
    public List<Clash> clashes() {
        List<Clash> clashes = new ArrayList<>();
        byKind.forEach((kind, ids) -> ids.forEach((id, same) -> {
            if (same.size() > 1) {
                clashes.add(new Clash(kind, id, List.copyOf(same)));
            }
        }));
        return clashes;
    }

    /** The clash {@code type} is part of, if any. */
    public Optional<Clash> clashOf(ComponentType type) {
        return clashes().stream().filter(c -> c.kind() == type.kind() && c.id().equals(type.id())).findFirst();
    }

    /** The version of the platform these components run in. */
    public String platformVersion() {
        return platformVersion;
    }

    /** Plugins and component classes that could not be used. */
    public List<PluginFailure> failures() {
        return List.copyOf(failures);
    }
}
