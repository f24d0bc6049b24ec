package org.difflab.core.component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a component comes from, for provenance: its plugin's id and version and the jar's SHA-256.
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

    /** Origin of a plugin jar, hashing it. */
    public static PluginOrigin ofJar(String pluginId, String version, Path jar) {
        return new PluginOrigin(pluginId, version, jar, Files.isRegularFile(jar) ? sha256(jar) : null);
    }

    /** Hex SHA-256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
