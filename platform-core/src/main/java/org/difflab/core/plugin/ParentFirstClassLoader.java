package org.difflab.core.plugin;

import java.util.List;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin class loader that always takes the shared packages from the host: the difflab API, DJL,
 * Jackson annotations, Guice and logging. A plugin that bundles its own copy of any of them would
 * otherwise have its extensions silently skipped or fail with "X cannot be cast to X" (pf4j #519, #606),
 * and a second DJL would try to load libtorch twice.
 */
final class ParentFirstClassLoader extends PluginClassLoader {

    private static final List<String> SHARED_PACKAGES = List.of(
            "org.difflab.api.", "ai.djl.", "com.fasterxml.jackson.annotation.", "com.google.inject.",
            "jakarta.inject.", "org.slf4j.");

    ParentFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent);
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        return super.shouldDelegateToParent(className) || SHARED_PACKAGES.stream().anyMatch(className::startsWith);
    }
}
