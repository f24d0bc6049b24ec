package org.difflab.core.plugin;

/** Plugin code tried to end the process; difflab refused (see {@link ExitGuard}). */
public final class PluginExitException extends RuntimeException {

    PluginExitException(String call) {
        super("plugin code called " + call + "; difflab does not let a plugin end the process (throw an exception to"
                + " report a failure)");
    }
}
