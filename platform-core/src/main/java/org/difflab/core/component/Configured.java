package org.difflab.core.component;

import java.lang.reflect.InvocationTargetException;

/**
 * A component chosen and configured by a spec: its type and its bound, validated options.
 *
 * @param <T> the extension point
 * @param type the component type (id, class, plugin)
 * @param options the options record, or null for components without options
 * @param qualified whether the spec named it by its qualified id ({@code solvers:heun}), which the resolved
 *     spec then keeps
 */
public record Configured<T extends org.difflab.api.Pluggable>(ComponentType type, Record options, boolean qualified)
        implements org.difflab.api.ComponentChoice<T> {

    /** A component named by its bare id. */
    public Configured(ComponentType type, Record options) {
        this(type, options, false);
    }

    @Override
    public String id() {
        return type.id();
    }

    /** What the resolved spec writes after {@code type:}: the id as the spec named it, bare or qualified. */
    public String name() {
        return qualified ? type.qualifiedId() : type.id();
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
        return failedToConstruct(type, cause);
    }

    /** "solver 'x' (plugin p, p.jar) failed to construct: ExceptionInInitializerError, caused by ...". */
    static IllegalStateException failedToConstruct(ComponentType type, Throwable cause) {
        return new IllegalStateException(type.kind().label() + " '" + type.id() + "' (plugin "
                + type.origin().pluginId() + (type.origin().jar() == null ? "" : ", " + type.origin().jar().getFileName())
                + ") failed to construct: "
                + org.difflab.core.plugin.PluginCode.describe(cause), cause);
    }
}
