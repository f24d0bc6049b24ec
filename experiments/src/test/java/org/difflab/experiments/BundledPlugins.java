package org.difflab.experiments;

import java.nio.file.Path;
import java.util.List;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.plugin.PlatformPluginManager;
import org.difflab.core.run.PlatformInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The bundled plugin jars (the build copies them to the directory named by the system property
 * {@code difflab.test.plugins}), loaded by the real plugin manager before a test class and unloaded after it:
 * {@code @RegisterExtension static final BundledPlugins PLUGINS = new BundledPlugins();}.
 */
final class BundledPlugins implements BeforeAllCallback, AfterAllCallback {

    private PlatformPluginManager manager;
    private ComponentRegistry registry;

    /** Where the build put the bundled plugin jars. */
    static Path directory() {
        return Path.of(System.getProperty("difflab.test.plugins"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        manager = new PlatformPluginManager(PlatformInfo.version(), List.of(directory()));
        manager.loadAndStart();
        registry = ComponentRegistry.of(manager, PlatformInfo.version());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        manager.close();
    }

    /** The plugin manager that loaded the jars. */
    PlatformPluginManager manager() {
        return manager;
    }

    /** The components of the loaded jars. */
    ComponentRegistry registry() {
        return registry;
    }
}
