package org.difflab.core.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads plugin jars from directories. A jar that is not a plugin, is corrupt, targets another platform
 * version or fails to start is recorded as a {@link PluginFailure} and skipped; the others load.
 *
 * <p>Pitfalls handled (java-ecosystem.md section 1): PF4J's default resolve strategy makes one missing
 * dependency block every plugin, so it is set to ignore-and-continue; the system version must be strict
 * semver; shared packages are loaded parent-first; 3.15.0's stopPlugins() is broken, so {@link #close()}
 * unloads instead.
 */
public final class PlatformPluginManager extends JarPluginManager implements AutoCloseable {

    private final List<PluginFailure> loadFailures = new ArrayList<>();

    /**
     * @param platformVersion the version plugins' Plugin-Requires is checked against (qualifiers dropped)
     * @param roots directories holding plugin jars
     */
    public PlatformPluginManager(String platformVersion, List<Path> roots) {
        super(roots.toArray(Path[]::new));
        setSystemVersion(platformVersion.replaceFirst("-.*$", ""));
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    /** Loads and starts every plugin found in the roots. */
    public void loadAndStart() {
        loadPlugins();
        startPlugins();
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new JarPluginLoader(this) {
            @Override
            protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                return new ParentFirstClassLoader(pluginManager, descriptor, getClass().getClassLoader(),
                        String.valueOf(pluginPath.getFileName()));
            }
        };
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        String id = manifestAttribute(pluginPath, "Plugin-Id");
        PluginWrapper first = id == null ? null : getPlugin(id.strip());
        if (first != null) {   // PF4J's own message for this is a dump of its internal objects
            loadFailures.add(new PluginFailure(pluginPath, id.strip(), "not loaded: plugin id '" + id.strip()
                    + "' is declared by both " + first.getPluginPath().getFileName() + " and " + pluginPath.getFileName()
                    + "; only the first is loaded (give each plugin its own Plugin-Id, or remove one of the jars)"));
            return null;
        }
        try {
            return super.loadPluginFromPath(pluginPath);
        } catch (RuntimeException | LinkageError e) {
            loadFailures.add(new PluginFailure(pluginPath, null, explainLoad(pluginPath, e)));
            return null;
        }
    }

    /** A load failure; a Plugin-Requires that is not a version range is named with its value (PF4J gives a parser's). */
    private static String explainLoad(Path jar, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("com.github.zafarkhaja.semver")) {
                return "its manifest's Plugin-Requires '" + manifestAttribute(jar, "Plugin-Requires") + "' is not a"
                        + " version range (write e.g. '>=0.1.0' or '>=0.1.0 & <1.0.0'): " + explain(t);
            }
        }
        return explain(e);
    }

    private static String manifestAttribute(Path jar, String name) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue(name);
        } catch (IOException e) {
            return null;
        }
    }

    /** Jars that did not load, and plugins that were disabled or failed to start, with reasons. */
    public List<PluginFailure> failures() {
        List<PluginFailure> all = new ArrayList<>(loadFailures);
        for (PluginWrapper plugin : getPlugins()) {
            if (plugin.getPluginState() == PluginState.STARTED) {
                if (getExtensionClassNames(plugin.getPluginId()).isEmpty()) {
                    // loaded, but nothing in it can be used: the jar was built without the extension index
                    boolean indexed = plugin.getPluginClassLoader() instanceof java.net.URLClassLoader own
                            && own.findResource("META-INF/extensions.idx") != null;   // its own jar, not the parent's
                    all.add(new PluginFailure(plugin.getPluginPath(), plugin.getPluginId(), "contributes no component: "
                            + (indexed ? "its META-INF/extensions.idx lists no class"
                                    : "the jar has no META-INF/extensions.idx")
                            + " (component classes need @Extension and @Component, and the build must run PF4J's"
                            + " annotation processor, which writes that index)"));
                }
                continue;
            }
            Throwable cause = plugin.getFailedException();
            String reason = switch (plugin.getPluginState()) {
                case DISABLED -> "disabled: requires platform " + plugin.getDescriptor().getRequires()
                        + ", this platform is " + getSystemVersion();
                default -> plugin.getPluginState().toString().toLowerCase()
                        + (cause == null ? "" : ": " + explain(cause));
            };
            all.add(new PluginFailure(plugin.getPluginPath(), plugin.getPluginId(), reason));
        }
        return all;
    }

    /** Started plugins. */
    public List<PluginWrapper> started() {
        return getStartedPlugins();
    }

    /** Unloads every plugin (PF4J 3.15.0's stopPlugins() throws ConcurrentModificationException, pf4j#656). */
    @Override
    public void close() {
        unloadPlugins();
    }

    static String explain(Throwable e) {
        StringBuilder out = new StringBuilder();
        Throwable current = e;
        while (current != null) {
            String message = current.getMessage();
            if (out.length() > 0) {
                out.append(": ");
            }
            out.append(message == null || message.isBlank() ? current.getClass().getSimpleName() : message);
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
            if (out.length() > 300) {
                break;
            }
        }
        return out.toString().replaceAll("\\s+", " ");
    }
}
