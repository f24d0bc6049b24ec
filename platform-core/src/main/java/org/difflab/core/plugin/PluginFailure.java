package org.difflab.core.plugin;

import java.nio.file.Path;

/**
 * A plugin jar, or one component class in it, that could not be used. The platform reports these and
 * carries on with the rest.
 *
 * @param jar the jar at fault
 * @param pluginId the plugin's id, or null if the jar has no readable descriptor
 * @param reason what went wrong, in one line
 */
public record PluginFailure(Path jar, String pluginId, String reason) {

    /** One line for the CLI. */
    public String describe() {
        return (pluginId == null ? "" : pluginId + " ") + "(" + jar.getFileName() + "): " + reason;
    }
}
