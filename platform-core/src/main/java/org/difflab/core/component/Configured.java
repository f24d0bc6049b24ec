package org.difflab.core.component;

import java.lang.reflect.InvocationTargetException;

/**
 * A component chosen and configured by a spec: its type and its bound, validated options.
 *
 * @param <T> the extension point
 * @param type the component type (id, class, plugin)
 * @param options the options record, or null for components without options
 */
public record Configured<T extends org.difflab.api.Pluggable>(ComponentType type, Record options)
        implements org.difflab.api.ComponentChoice<T> {

    @Override
    public String id() {
        return type.id();
    }

    /**
     * Constructs a new instance.
     *
     * @throws IllegalArgumentException (possibly {@link org.difflab.api.InvalidOptionException}) if the
     *     component rejects its options
     * @throws IllegalStateException if the component's constructor fails otherwise
     */
    @Override
    @SuppressWarnings("unchecked")
    public T create() {
        return (T) type.instantiate(options);
    }

    /** Unwraps a reflective constructor failure to what the component threw. */
    static RuntimeException unwrap(ReflectiveOperationException e, ComponentType type) {
        Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
        if (cause instanceof IllegalArgumentException iae) {
            return iae;
        }
        return new IllegalStateException(type.kind().label() + " '" + type.id() + "' (plugin "
                + type.origin().pluginId() + ") failed to construct: " + cause, cause);
    }
}
