package org.difflab.core.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.security.cert.Certificate;
import java.util.List;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin class loader that always takes the shared packages from the host: the difflab API, DJL,
 * Jackson annotations, Guice and logging. A plugin that bundles its own copy of any of them would
 * otherwise have its extensions silently skipped or fail with "X cannot be cast to X" (pf4j #519, #606),
 * and a second DJL would try to load libtorch twice.
 *
 * <p>Each class it defines is recorded in {@link PluginCode} (so failures can name the plugin) and has its exit calls
 * redirected by {@link ExitGuard}.
 */
final class ParentFirstClassLoader extends PluginClassLoader {

    private static final List<String> SHARED_PACKAGES = List.of(
            "org.difflab.api.", "ai.djl.", "com.fasterxml.jackson.annotation.", "com.google.inject.",
            "jakarta.inject.", "org.slf4j.", ExitGuard.class.getName(), PluginExitException.class.getName());

    private final String pluginId;
    private final String jarName;

    ParentFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent, String jarName) {
        super(manager, descriptor, parent);
        this.pluginId = descriptor.getPluginId();
        this.jarName = jarName;
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        return super.shouldDelegateToParent(className) || SHARED_PACKAGES.stream().anyMatch(className::startsWith);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        URL resource = findResource(name.replace('.', '/') + ".class");
        if (resource == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = resource.openStream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": cannot read " + resource + ": " + e.getMessage(), e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0 && getDefinedPackage(name.substring(0, dot)) == null) {
            definePackage(name.substring(0, dot), null, null, null, null, null, null, null);
        }
        byte[] guarded = ExitGuard.guard(bytes);
        byte[] definition = guarded == null ? bytes : guarded;
        Class<?> type = defineClass(name, definition, 0, definition.length,
                new CodeSource(resource, (Certificate[]) null));
        PluginCode.record(name, pluginId, jarName);
        return type;
    }
}
