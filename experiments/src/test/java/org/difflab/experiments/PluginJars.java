package org.difflab.experiments;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds a PF4J plugin jar at test time from compiled test classes: the manifest names the plugin (Plugin-Id,
 * Plugin-Version, Plugin-Requires) and META-INF/extensions.idx lists the extension classes, as the bundled plugins'
 * build writes them.
 */
final class PluginJars {

    private PluginJars() {}

    /**
     * Writes {@code jar} holding {@code extensions} (with their nested classes), indexed as extensions.
     *
     * @param requires the Plugin-Requires range, e.g. "&gt;=0.1.0"
     */
    static Path build(Path jar, String pluginId, String requires, List<Class<?>> extensions) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", pluginId);
        main.putValue("Plugin-Version", "0.0.1");
        main.putValue("Plugin-Requires", requires);
        main.putValue("Plugin-Description", "test plugin " + pluginId);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            StringBuilder index = new StringBuilder();
            for (Class<?> type : extensions) {
                index.append(type.getName()).append('\n');
                Path classFile = classFile(type);
                String prefix = type.getSimpleName();
                try (Stream<Path> siblings = Files.list(classFile.getParent())) {
                    for (Path sibling : siblings.toList()) {
                        String name = sibling.getFileName().toString();
                        if (name.equals(prefix + ".class") || name.startsWith(prefix + "$")) {
                            out.putNextEntry(new JarEntry(type.getPackageName().replace('.', '/') + "/" + name));
                            out.write(Files.readAllBytes(sibling));
                            out.closeEntry();
                        }
                    }
                }
            }
            out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            out.write(index.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static Path classFile(Class<?> type) {
        try {
            return Path.of(type.getResource(type.getSimpleName() + ".class").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
