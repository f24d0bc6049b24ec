package org.difflab.core.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.component.ComponentType;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.plugin.PluginFailure;
import org.pf4j.PluginWrapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code difflab plugins}: every loaded plugin and the components it contributes, and what failed to load. */
@Command(name = "plugins", description = "List loaded plugins, their components, ids two plugins declare, and plugins that"
        + " failed to load.")
final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    Difflab root;

    @Override
    public Integer call() {
        try (PlatformSession session = root.session()) {
            PrintStream out = System.out;
            out.println("Plugin directories: " + (session.directories().isEmpty() ? "(none)"
                    : String.join(", ", session.directories().stream().map(Path::toString).toList())));
            List<PluginWrapper> started = session.plugins().started().stream()
                    .sorted(Comparator.comparing(PluginWrapper::getPluginId)).toList();
            List<ComponentType> all = java.util.Arrays.stream(ExtensionKind.values())
                    .flatMap(k -> session.registry().of(k).stream()).toList();
            for (PluginWrapper plugin : started) {
                out.printf("%n%s %s  %s%n", plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                        plugin.getPluginPath().getFileName());
                if (plugin.getDescriptor().getPluginDescription() != null) {
                    out.println("  " + plugin.getDescriptor().getPluginDescription());
                }
                all.stream().filter(c -> c.origin().pluginId().equals(plugin.getPluginId()))
                        .forEach(c -> printComponent(out, session.registry(), c));
            }
            List<ComponentRegistry.Clash> clashes = session.registry().clashes();
            if (!clashes.isEmpty()) {
                out.printf("%nid clashes (a spec must name these by plugin, plugin-id:id)%n");
                clashes.forEach(c -> out.println("  " + c.describe() + "; write " + c.qualifiedChoices()));
            }
            List<PluginFailure> failures = session.registry().failures();
            if (!failures.isEmpty()) {
                out.printf("%nproblems (plugins not loaded or contributing nothing)%n");
                failures.forEach(f -> out.println("  " + f.describe()));
            }
            return 0;
        }
    }

    /** One line per component; a component whose id another plugin also declares shows its qualified id. */
    private static void printComponent(PrintStream out, ComponentRegistry registry, ComponentType c) {
        out.printf("    %-19s %-20s %s%n", c.kind().label(), registry.nameOf(c), c.summary());
    }

    /** One line per plugin problem and per id clash on {@code err}, so a run never hides a broken plugin. */
    static void warnAboutFailures(PlatformSession session, PrintStream err) {
        for (PluginFailure failure : session.registry().failures()) {
            err.println("warning: plugin " + failure.describe());
        }
        for (ComponentRegistry.Clash clash : session.registry().clashes()) {
            err.println("warning: " + clash.describe() + "; specs must name it " + clash.qualifiedChoices());
        }
    }
}
