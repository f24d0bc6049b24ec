package org.difflab.core.component;

import java.nio.file.Files;
import java.nio.file.Path;
import org.difflab.core.io.FileDigests;

/**
 * Where a component comes from, for provenance and run ids: its plugin's id and version and the jar's SHA-256.
 *
 * @param pluginId plugin id ("platform" for built-ins, "classpath" for the application class path)
 * @param version plugin version
 * @param jar the plugin jar, or null
 * @param sha256 hex SHA-256 of the jar, or null
 */
public record PluginOrigin(String pluginId, String version, Path jar, String sha256) {

    /** Origin of components built into the platform. */
    public static PluginOrigin platform(String version) {
        return new PluginOrigin("platform", version, null, null);
    }

    /** Origin of a plugin jar, hashing it (once per process). */
    public static PluginOrigin ofJar(String pluginId, String version, Path jar) {
        return new PluginOrigin(pluginId, version, jar, Files.isRegularFile(jar) ? FileDigests.sha256(jar) : null);
    }

    /** "fast-heun (fast-heun.jar)", or just the plugin id for components without a jar. */
    public String describe() {
        return pluginId + (jar == null ? "" : " (" + jar.getFileName() + ")");
    }
}
