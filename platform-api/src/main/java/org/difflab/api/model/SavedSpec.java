package org.difflab.api.model;

import java.util.OptionalLong;
import org.difflab.api.ComponentChoice;
import org.difflab.api.Pluggable;

/** A spec read from a file, whose components and values a plugin may rebuild (validated as in a spec). */
public interface SavedSpec {

    /**
     * The component at {@code key} (a dotted path such as {@code model}), bound and validated.
     *
     * @throws IllegalArgumentException naming the file, the key and what is wrong
     */
    <T extends Pluggable> ComponentChoice<T> component(Class<T> extensionPoint, String key);

    /** The integer at {@code key}, if present. */
    OptionalLong integer(String key);
}
