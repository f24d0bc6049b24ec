package org.difflab.core.component;

import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Pluggable;

/**
 * A component a spec can name: its extension point, id, summary, implementation class, options record
 * (if any) and origin.
 *
 * @param kind the extension point
 * @param id stable id
 * @param summary one line
 * @param implementation the class
 * @param optionsType the options record, or null if the component takes none
 * @param origin plugin id, version and jar
 */
public record ComponentType(ExtensionKind kind, String id, String summary, Class<?> implementation,
        Class<? extends Record> optionsType, PluginOrigin origin) {

    /** Separates a plugin id from a component id in a qualified id, {@code solvers:heun}. */
    public static final char QUALIFIER = ':';

    /** The id qualified by its plugin, {@code solvers:heun}: unique among loaded components of a kind. */
    public String qualifiedId() {
        return origin.pluginId() + QUALIFIER + id;
    }

    /** The option keys, in declaration order (empty without options). */
    public List<OptionDescriptor> options() {
        return optionsType == null ? List.of()
                : Arrays.stream(optionsType.getRecordComponents()).map(OptionDescriptor::of).toList();
    }

    /** A new instance with the given (bound) options. */
    public Object instantiate(Record options) {
        try {
            if (optionsType == null) {
                return implementation.getConstructor().newInstance();
            }
            Constructor<?> constructor = implementation.getConstructor(optionsType);
            return constructor.newInstance(options);
        } catch (ReflectiveOperationException e) {
            throw Configured.unwrap(e, this);
        } catch (LinkageError | VirtualMachineError | AssertionError e) {
            // a static initializer that fails (ExceptionInInitializerError), a class the jar lacks
            // (NoClassDefFoundError), a constructor recursing without end: the component's failure, not the platform's
            throw Configured.failedToConstruct(this, e);
        }
    }

    /** Capabilities claimed by an instance built from defaults, or none if that is not possible. */
    public Set<Capability> capabilitiesOf(Object instance) {
        return instance instanceof Pluggable pluggable ? pluggable.capabilities() : Set.of();
    }
}
