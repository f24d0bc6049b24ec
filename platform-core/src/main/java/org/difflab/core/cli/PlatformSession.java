package org.difflab.core.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.inject.PlatformModule;
import org.difflab.core.plugin.PlatformPluginManager;
import org.difflab.core.run.PlatformInfo;
import org.difflab.core.run.ProcessTimeline;

/**
 * The loaded platform for one CLI invocation: plugins from every plugin directory, the component registry
 * and the platform injector.
 *
 * <p>Plugin directories, in order: the {@code difflab.plugin.dirs} system property (set by bin/difflab to the
 * bundled plugins and the checkout's {@code plugins/} folder), the {@code DIFFLAB_PLUGINS} environment
 * variable, then each {@code --plugins DIR}. Each is a path list separated by the platform's path separator.
 * Only jar files directly inside a directory are plugins.
 */
final class PlatformSession implements AutoCloseable {

    private final List<Path> directories;
    private final PlatformPluginManager plugins;
    private final ComponentRegistry registry;
    private final Injector injector;

    PlatformSession(List<Path> extraDirectories) {
        long start = System.nanoTime();
        this.directories = directories(extraDirectories);
        this.plugins = new PlatformPluginManager(PlatformInfo.version(), directories);
        plugins.loadAndStart();
        this.registry = ComponentRegistry.of(plugins, PlatformInfo.version());
        this.injector = Guice.createInjector(new PlatformModule(registry));
        ProcessTimeline.since("plugins", start);
    }

    static List<Path> directories(List<Path> extra) {
        Set<Path> out = new LinkedHashSet<>();
        List<String> lists = new ArrayList<>();
        lists.add(System.getProperty("difflab.plugin.dirs", ""));
        lists.add(System.getenv().getOrDefault("DIFFLAB_PLUGINS", ""));
        for (String list : lists) {
            for (String entry : list.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    out.add(Path.of(entry.trim()).toAbsolutePath().normalize());
                }
            }
        }
        for (Path given : extra) {
            Path directory = given.toAbsolutePath().normalize();
            if (!Files.isDirectory(directory)) {
                throw new org.difflab.core.spec.SpecException("--plugins", "", given + " is not a directory; --plugins"
                        + " takes a directory holding plugin jars");
            }
            out.add(directory);
        }
        // the bundled and checkout folders may be absent (e.g. before a build): nothing to load from them
        return out.stream().filter(Files::isDirectory).toList();
    }

    List<Path> directories() {
        return directories;
    }

    PlatformPluginManager plugins() {
        return plugins;
    }

    ComponentRegistry registry() {
        return registry;
    }

    Injector injector() {
        return injector;
    }

    @Override
    public void close() {
        plugins.close();
    }
}
