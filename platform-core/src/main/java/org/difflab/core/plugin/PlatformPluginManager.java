package org.difflab.core.plugin;

import java.nio.file.Path;
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
        try {
            return super.loadPluginFromPath(pluginPath);
        } catch (RuntimeException | LinkageError e) {
            loadFailures.add(new PluginFailure(pluginPath, null, explain(e)));
            return null;
        }
    }

    /** Jars that did not load, and plugins that were disabled or failed to start, with reasons. */
    public List<PluginFailure> failures() {
        List<PluginFailure> all = new ArrayList<>(loadFailures);
        for (PluginWrapper plugin : getPlugins()) {
            if (plugin.getPluginState() == PluginState.STARTED) {
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
