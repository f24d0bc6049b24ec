package org.difflab.api;

/**
 * An option whose value is another component, chosen and configured by the spec like a top-level one:
 * {@code teacher: {type: exact}}, {@code guide: {type: checkpoint, path: ...}}, {@code solver: rk45}. Declare
 * a record component of type {@code ComponentChoice<Model>} (or any extension point) and the platform binds,
 * validates and reports problems at its key path, exactly as for the spec's own components.
 *
 * @param <T> the extension point
 */
public interface ComponentChoice<T extends Pluggable> {

    /** The chosen component's id. */
    String id();

    /** A new instance configured with the spec's options. */
    T create();
}
